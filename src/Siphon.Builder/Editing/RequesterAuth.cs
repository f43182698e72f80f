namespace Siphon.Builder.Editing;

/// <summary>
/// A requester's authentication: inherit the global one, none, or its own of any kind the global settings offer
/// (built by <see cref="Authenticators"/>, creating the inputs it reads); anything else shows as custom and is kept.
/// </summary>
public static class RequesterAuth
{
    public const string Inherit = "Inherit global", NoAuthentication = "No authentication", Custom = "Custom (see YAML)";

    public static IReadOnlyList<string> Options { get; } =
        [Inherit, NoAuthentication, .. Authenticators.Kinds.Where(k => k != Authenticators.None)];

    public static string Of(Dictionary<string, object?> requester)
    {
        if (!requester.TryGetValue("authenticator", out var authenticator)) return NoAuthentication;
        if (authenticator as string == ManifestModel.AuthenticatorRef) return Inherit;
        return Authenticators.KindOf(authenticator) switch
        {
            null => Custom,
            Authenticators.None => NoAuthentication,
            var kind => kind,
        };
    }

    /// <summary>The requester's own authenticator node, or null when it inherits or has none.</summary>
    public static object? Own(Dictionary<string, object?> requester) =>
        requester.TryGetValue("authenticator", out var a) && a as string != ManifestModel.AuthenticatorRef ? a : null;

    /// <summary>Writes the option chosen; <see cref="Custom"/> (or the current kind again without details) changes nothing.</summary>
    public static void Set(ManifestModel manifest, Dictionary<string, object?> requester, string option, string? header = null, string? endpoint = null)
    {
        switch (option)
        {
            case Inherit:
                requester["authenticator"] = ManifestModel.AuthenticatorRef;
                break;
            case NoAuthentication:
                requester.Remove("authenticator");
                break;
            case Custom:
                break;
            default:
                if (option == Of(requester) && header is null && endpoint is null) return;
                requester["authenticator"] = Authenticators.Build(manifest, option, header, endpoint);
                break;
        }
    }
}
