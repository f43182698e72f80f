using System.Security.Cryptography;
using System.Text;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>
/// Signs a JSON Web Token (HS*, RS*, PS*, ES* with System.Security.Cryptography) and sends it, by default as
/// <c>Authorization: [header_prefix ]&lt;jwt&gt;</c>. A token is reused until 90% of <c>token_duration</c> has passed.
/// </summary>
internal sealed class JwtAuthenticator : IAuthenticator
{
    private static readonly string[] Algorithms = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static readonly ComponentSpec Spec = new("JwtAuthenticator", ComponentKind.Authenticator,
        "Signs a JSON Web Token with a secret or private key and sends it with every request.",
        [
            Field.Template("secret_key", "The HMAC secret or the PEM private key.", required: true),
            Field.Enum("algorithm", "The signing algorithm.", Algorithms) with { Required = true },
            Field.Boolean("base64_encode_secret_key", "Base64-encode the secret before using it (HS* only)."),
            Field.Integer("token_duration", "Seconds the token is valid (its exp claim).", 1200),
            Field.String("header_prefix", "Text before the token in the header, e.g. Bearer."),
            Field.Any("jwt_headers", "Header claims: kid, typ (default JWT), cty; strings are templates."),
            Field.Any("additional_jwt_headers", "More header claims."),
            Field.Any("jwt_payload", "Payload claims: iss, sub, aud; strings are templates."),
            Field.Any("additional_jwt_payload", "More payload claims."),
            Field.NotRun("passphrase", "The passphrase of an encrypted private key.", "encrypted private keys are not read yet"),
            Field.Component("request_option", ComponentKind.RequestOption, "Where the token goes (the Authorization header by default).", implied: "RequestOption"),
        ])
    {
        Factory = (node, context) => new JwtAuthenticator(node, context),
        Example = """
            type: JwtAuthenticator
            algorithm: ES256
            secret_key: "{{ config['private_key'] }}"
            token_duration: 1200
            header_prefix: Bearer
            jwt_headers:
              kid: "{{ config['key_id'] }}"
            jwt_payload:
              iss: "{{ config['issuer_id'] }}"
              aud: appstoreconnect-v1
            """,
    };

    private readonly Template _secret;
    private readonly string _algorithm;
    private readonly bool _base64Secret;
    private readonly long _duration;
    private readonly string? _prefix;
    private readonly ValueTemplate? _headers, _moreHeaders, _payload, _morePayload;
    private readonly RequestOption _target;
    private readonly Dictionary<string, object?> _parameters;

    private JwtAuthenticator(ComponentNode node, BuildContext context)
    {
        ValueTemplate? V(string field) => node.Value(field)?.ToValue() is { } value ? ValueTemplate.Compile(value, node.FieldPath(field)) : null;
        _secret = Template.Compile(node.Text("secret_key")!, node.FieldPath("secret_key"));
        _algorithm = node.Text("algorithm")!;
        _base64Secret = node.Boolean("base64_encode_secret_key");
        _duration = node.Integer("token_duration")!.Value;
        _prefix = node.Text("header_prefix");
        _headers = V("jwt_headers");
        _moreHeaders = V("additional_jwt_headers");
        _payload = V("jwt_payload");
        _morePayload = V("additional_jwt_payload");
        _target = context.BuildOptional<RequestOption>(node.Child("request_option")) ?? new RequestOption("header", "Authorization");
        _parameters = node.ParameterValues();
    }

    public bool CanRefresh => true;

    public void Invalidate(HttpSession session) => session.Run.State(this, () => new TokenCache()).Invalidate();

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        var scope = context.Scope.With("parameters", _parameters);
        var cache = session.Run.State(this, () => new TokenCache());
        lock (cache)
        {
            var now = session.Run.Time.GetUtcNow();
            if (!cache.IsFresh(now))
            {
                var jwt = Sign(scope, now);
                session.Run.Redactor.Add(jwt);
                cache.Set(jwt, now, now.AddSeconds(_duration));
            }
            _target.InjectReplacing(parts, string.IsNullOrEmpty(_prefix) ? cache.Token! : $"{_prefix} {cache.Token}", scope);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>A signed JWT for another authenticator to present (an OAuth profile assertion).</summary>
    internal string Assertion(TemplateScope scope, DateTimeOffset now) => Sign(scope.With("parameters", _parameters), now);

    internal string Sign(TemplateScope scope, DateTimeOffset now)
    {
        var header = Values.JsonValues.NewObject();
        header["alg"] = _algorithm;
        header["typ"] = "JWT";
        Merge(header, _headers, scope);
        Merge(header, _moreHeaders, scope);
        var payload = Values.JsonValues.NewObject();
        var issuedAt = now.ToUnixTimeSeconds();
        payload["iat"] = issuedAt;
        payload["nbf"] = issuedAt;
        payload["exp"] = issuedAt + _duration;
        Merge(payload, _payload, scope);
        Merge(payload, _morePayload, scope);

        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(Values.JsonValues.ToJson(header)))}.{Base64Url(Encoding.UTF8.GetBytes(Values.JsonValues.ToJson(payload)))}";
        var data = Encoding.ASCII.GetBytes(signingInput);
        var secret = _secret.Render(scope);
        if (!secret.Contains('\n') && secret.Contains("\\n", StringComparison.Ordinal)) secret = secret.Replace("\\n", "\n", StringComparison.Ordinal);
        var hash = _algorithm[2..] switch { "384" => HashAlgorithmName.SHA384, "512" => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 };
        byte[] signature;
        switch (_algorithm[..2])
        {
            case "HS":
                var key = Encoding.UTF8.GetBytes(_base64Secret ? Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) : secret);
                signature = hash == HashAlgorithmName.SHA384 ? HMACSHA384.HashData(key, data) : hash == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data);
                break;
            case "ES":
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportFromPem(secret);
                    signature = ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                }
                break;
            default:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportFromPem(secret);
                    signature = rsa.SignData(data, hash, _algorithm.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
                }
                break;
        }
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static void Merge(Dictionary<string, object?> target, ValueTemplate? source, TemplateScope scope)
    {
        if (source?.Evaluate(scope) is not Dictionary<string, object?> map) return;
        foreach (var (key, value) in map)
            if (key != "type") target[key] = value;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
