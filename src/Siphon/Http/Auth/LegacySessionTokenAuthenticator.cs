using Siphon.Components;

namespace Siphon.Http.Auth;

/// <summary>The reference's <c>LegacySessionTokenAuthenticator</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class LegacySessionTokenAuthenticator
{
    public static readonly ComponentSpec Spec = new("LegacySessionTokenAuthenticator", ComponentKind.Authenticator,
        "Deprecated - use SessionTokenAuthenticator instead.",
        [
            Field.Template("header", "The name of the session token header that will be injected in the request.", required: true),
            Field.Template("login_url", "Path of the login URL (do not include the base URL).", required: true),
            Field.Template("session_token", "Session token to use if using a pre-defined token."),
            Field.Template("session_token_response_key", "Name of the key of the session token to be extracted from the response.", required: true),
            Field.Template("username", "Username used to authenticate and obtain a session token."),
            Field.Template("password", "Password used to authenticate and obtain a session token.") with { Default = "" },
            Field.Template("validate_session_url", "Path of the URL to use to validate that the session token is valid (do not include the base URL).", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: LegacySessionTokenAuthenticator\nheader: x\nlogin_url: x\nsession_token_response_key: x\nvalidate_session_url: x\n",
    };
}
