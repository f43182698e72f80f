using System.Text;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>Sends <c>Authorization: Basic base64(username:password)</c>; the base64 form is registered as a secret.</summary>
internal sealed class BasicHttpAuthenticator(Template username, Template password, Dictionary<string, object?> parameters) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("BasicHttpAuthenticator", ComponentKind.Authenticator,
        "Sends a username and password with HTTP Basic authentication.",
        [
            Field.Template("username", "The username.", required: true),
            Field.Template("password", "The password (empty when absent)."),
        ])
    {
        Factory = (node, _) => new BasicHttpAuthenticator(Template.Compile(node.Text("username")!, node.FieldPath("username")),
            Template.Compile(node.Text("password") ?? "", node.FieldPath("password")), node.ParameterValues()),
        Example = "type: BasicHttpAuthenticator\nusername: \"{{ config['username'] }}\"\npassword: \"{{ config['password'] }}\"\n",
    };

    public bool CanRefresh => false;

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var scope = context.Scope.With("parameters", parameters);
        var secret = password.Render(scope);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username.Render(scope)}:{secret}"));
        context.Session.Run.Redactor.Add(secret);
        context.Session.Run.Redactor.Add(encoded);
        parts.SetHeader("Authorization", $"Basic {encoded}");
        return ValueTask.CompletedTask;
    }

    public void Invalidate(HttpSession session) { }
}
