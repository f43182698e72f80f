using Siphon.Components;

namespace Siphon.Http.Auth;

/// <summary>Sends no credentials (a download from a presigned URL, a public API).</summary>
internal sealed class NoAuth : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("NoAuth", ComponentKind.Authenticator, "Sends no credentials.", [])
    {
        Factory = (_, _) => new NoAuth(),
        Example = "type: NoAuth\n",
    };

    public bool CanRefresh => false;

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Invalidate(HttpSession session) { }
}
