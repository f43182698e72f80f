using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Http.Auth;

/// <summary>Chooses one of several authenticators by a value in the config (e.g. credentials.auth_type: oauth or api_key).</summary>
internal sealed class SelectiveAuthenticator(IReadOnlyList<string> selectionPath, IReadOnlyDictionary<string, IAuthenticator> authenticators) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("SelectiveAuthenticator", ComponentKind.Authenticator,
        "Uses the authenticator named by a config value.",
        [
            new FieldSpec("authenticator_selection_path", FieldType.StringList, "Path in the config of the value naming the authenticator.") { Required = true },
            new FieldSpec("authenticators", FieldType.ComponentMap, "The authenticators by name.") { Kind = ComponentKind.Authenticator, Required = true },
        ])
    {
        Factory = (node, context) =>
        {
            var prefix = node.FieldPath("authenticators") + ".";
            var byName = node.Children("authenticators").ToDictionary(c => c.Path[prefix.Length..], context.Build<IAuthenticator>, StringComparer.Ordinal);
            return new SelectiveAuthenticator(
                node.Value("authenticator_selection_path") is ManifestList path ? [.. path.Items.OfType<ManifestScalar>().Select(s => s.Text)] : [],
                byName);
        },
        Example = """
            type: SelectiveAuthenticator
            authenticator_selection_path: [credentials, auth_type]
            authenticators:
              api_key: { type: BearerAuthenticator, api_token: "{{ config['credentials']['api_key'] }}" }
              none: { type: NoAuth }
            """,
    };

    public bool CanRefresh => authenticators.Values.Any(a => a.CanRefresh);

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken) =>
        Select(context).ApplyAsync(parts, context, cancellationToken);

    public void Invalidate(HttpSession session) => Invalidate(session, null);

    public void Invalidate(HttpSession session, string? usedAuthorization)
    {
        foreach (var authenticator in authenticators.Values) authenticator.Invalidate(session, usedAuthorization);
    }

    private IAuthenticator Select(RequestContext context)
    {
        var value = ConfigPaths.Get(ConfigPaths.Config(context.Scope), selectionPath);
        var name = value is null ? null : ValueTemplate.Text(value);
        if (name is not null && authenticators.TryGetValue(name, out var chosen)) return chosen;
        throw new HttpRequestBuildException(
            $"{context.Step}: config value at {string.Join('.', selectionPath)} is {(name is null ? "missing" : $"'{name}'")}; expected one of {string.Join(", ", authenticators.Keys)}");
    }
}
