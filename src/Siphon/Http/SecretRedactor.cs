using System.Net;
using System.Text;

namespace Siphon.Http;

/// <summary>
/// Replaces secrets with <c>****</c> in everything the HTTP layer reports (URLs, headers, bodies, error messages).
/// It knows the values of config fields marked <c>airbyte_secret</c> and every value registered during the run
/// (tokens obtained, Basic credentials), each also in its base64, URL-encoded and JSON-escaped forms; the longest match wins.
/// Thread-safe; adding is rare, redacting is frequent, so redaction reads an immutable snapshot.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "****";
    private const int MinimumLength = 3;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private string[] _ordered = [];

    /// <summary>Secrets of <paramref name="config"/>: values at every path marked <c>airbyte_secret</c> in <paramref name="connectionSpecification"/>.</summary>
    public static SecretRedactor FromSpec(object? connectionSpecification, IReadOnlyDictionary<string, object?>? config)
    {
        var redactor = new SecretRedactor();
        if (connectionSpecification is IReadOnlyDictionary<string, object?> schema && config is not null)
            redactor.CollectSecrets(schema, config);
        return redactor;
    }

    public bool IsEmpty => _ordered.Length == 0;

    /// <summary>Registers a secret (and its encoded forms). Values shorter than three characters are ignored.</summary>
    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength) return;
        lock (_gate)
        {
            var added = false;
            foreach (var form in Forms(secret)) added |= _known.Add(form);
            if (added) _ordered = [.. _known.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal)];
        }
    }

    public string Redact(string text)
    {
        var secrets = _ordered;
        if (secrets.Length == 0 || string.IsNullOrEmpty(text)) return text;
        StringBuilder? output = null;
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var match = Match(secrets, text, i);
            if (match is null) { i++; continue; }
            output ??= new StringBuilder(text.Length);
            output.Append(text, start, i - start).Append(Mask);
            i += match.Length;
            start = i;
        }
        return output is null ? text : output.Append(text, start, text.Length - start).ToString();
    }

    private static string? Match(string[] secrets, string text, int at)
    {
        foreach (var secret in secrets)
            if (at + secret.Length <= text.Length && string.CompareOrdinal(text, at, secret, 0, secret.Length) == 0)
                return secret;
        return null;
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return WebUtility.UrlEncode(secret);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return System.Text.Json.JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
    }

    private void CollectSecrets(IReadOnlyDictionary<string, object?> schema, object? value)
    {
        if (schema.TryGetValue("airbyte_secret", out var secret) && secret is true && value is not null and not IReadOnlyDictionary<string, object?>)
            Add(value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        if (value is IReadOnlyDictionary<string, object?> obj && schema.TryGetValue("properties", out var properties) && properties is IReadOnlyDictionary<string, object?> props)
            foreach (var (name, sub) in props)
                if (sub is IReadOnlyDictionary<string, object?> subSchema && obj.TryGetValue(name, out var subValue))
                    CollectSecrets(subSchema, subValue);
        foreach (var combinator in (string[])["oneOf", "anyOf", "allOf"])
            if (schema.TryGetValue(combinator, out var options) && options is IEnumerable<object?> list)
                foreach (var option in list.OfType<IReadOnlyDictionary<string, object?>>())
                    CollectSecrets(option, value);
        if (value is IEnumerable<object?> items && schema.TryGetValue("items", out var itemSchema) && itemSchema is IReadOnlyDictionary<string, object?> itemMap)
            foreach (var item in items) CollectSecrets(itemMap, item);
    }
}
