using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>Sends <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal sealed class BearerAuthenticator(Template token, Dictionary<string, object?> parameters) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("BearerAuthenticator", ComponentKind.Authenticator,
        "Sends a bearer token in the Authorization header.",
        [Field.Template("api_token", "The token, usually \"{{ config['api_key'] }}\".", required: true)])
    {
        Factory = (node, _) => new BearerAuthenticator(Template.Compile(node.Text("api_token")!, node.FieldPath("api_token")), node.ParameterValues()),
        Example = "type: BearerAuthenticator\napi_token: \"{{ config['api_key'] }}\"\n",
    };

    public bool CanRefresh => false;

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var value = token.Render(context.Scope.With("parameters", parameters));
        context.Session.Run.Redactor.Add(value);
        parts.SetHeader("Authorization", $"Bearer {value}");
        return ValueTask.CompletedTask;
    }

    public void Invalidate(HttpSession session) { }
}
