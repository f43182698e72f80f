namespace Siphon.Builder.Editing;

/// <summary>
/// The global authentication: each kind writes <c>definitions.authenticator</c> (built by <see cref="Authenticators"/>)
/// and the requests that inherit it refer to it.
/// </summary>
public static class GlobalAuth
{
    public const string None = Authenticators.None, ApiKey = Authenticators.ApiKey, Bearer = Authenticators.Bearer, Basic = Authenticators.Basic,
        OAuth = Authenticators.OAuth, SessionToken = Authenticators.SessionToken;

    public static IReadOnlyList<string> Kinds => Authenticators.Kinds;

    private static object? Node(ManifestModel manifest) => manifest.Definitions.GetValueOrDefault("authenticator");

    /// <summary>The kind; an authenticator the forms do not know shows as its type name.</summary>
    public static string KindOf(ManifestModel manifest) =>
        Authenticators.KindOf(Node(manifest)) ?? ValuePath.Text(manifest.Definitions, "authenticator", "type") ?? "Custom (see YAML)";

    public static string ApiKeyHeader(ManifestModel manifest) => Authenticators.ApiKeyHeader(Node(manifest));

    public static string TokenRefreshEndpoint(ManifestModel manifest) => Authenticators.TokenRefreshEndpoint(Node(manifest));

    public static string LoginPath(ManifestModel manifest) => Authenticators.LoginPath(Node(manifest));

    public static void Set(ManifestModel manifest, string kind, string? header = null, string? tokenEndpoint = null)
    {
        var definitions = manifest.Definitions;
        if (kind == None)
        {
            definitions.Remove("authenticator");
            foreach (var requester in Requesters(manifest))
                if (requester.TryGetValue("authenticator", out var a) && a as string == ManifestModel.AuthenticatorRef) requester.Remove("authenticator");
            return;
        }

        var wasNone = !definitions.ContainsKey("authenticator");
        definitions["authenticator"] = Authenticators.Build(manifest, kind, header, tokenEndpoint);

        // Requests that had nothing to inherit now inherit the new authentication (downloads use presigned URLs and keep none).
        if (wasNone)
            foreach (var requester in Requesters(manifest, includeDownloads: false))
                requester.TryAdd("authenticator", ManifestModel.AuthenticatorRef);
    }

    private static IEnumerable<Dictionary<string, object?>> Requesters(ManifestModel manifest, bool includeDownloads = true)
    {
        foreach (var stream in manifest.Streams)
        {
            foreach (var key in new[] { "requester", "creation_requester", "polling_requester", "abort_requester", "delete_requester", "download_target_requester", "download_requester" })
            {
                if (!includeDownloads && key == "download_requester") continue;
                if (stream.Retriever.TryGetValue(key, out var r) && r is Dictionary<string, object?> requester) yield return requester;
            }
        }
    }
}
