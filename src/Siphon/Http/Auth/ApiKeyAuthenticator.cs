using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Auth;

/// <summary>An API key sent in a header (the default) or a query parameter, wherever <c>inject_into</c> says.</summary>
internal sealed class ApiKeyAuthenticator(Template token, RequestOption target, Dictionary<string, object?> parameters) : IAuthenticator
{
    public static readonly ComponentSpec Spec = new("ApiKeyAuthenticator", ComponentKind.Authenticator,
        "Sends an API key in a header or a query parameter.",
        [
            Field.Template("api_token", "The key, usually \"{{ config['api_key'] }}\".", required: true) with
                { ReferenceDifference = "Required in Siphon: the reference sends an empty key when it is absent, which no API accepts." },
            Field.Template("header", "Header name (older form of inject_into)."),
            Field.Component("inject_into", ComponentKind.RequestOption, "Where the key goes.", implied: "RequestOption"),
        ])
    {
        Factory = (node, context) => new ApiKeyAuthenticator(Template.Compile(node.Text("api_token")!, node.FieldPath("api_token")),
            context.BuildOptional<RequestOption>(node.Child("inject_into"))
                ?? new RequestOption("header", node.Text("header") ?? throw new ComponentBuildException(node.Position, node.Path, "an ApiKeyAuthenticator needs inject_into or header")),
            node.ParameterValues()),
        Example = "type: ApiKeyAuthenticator\napi_token: \"{{ config['api_key'] }}\"\ninject_into:\n  type: RequestOption\n  inject_into: header\n  field_name: X-Api-Key\n",
    };

    public bool CanRefresh => false;

    public ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken)
    {
        var scope = context.Scope.With("parameters", parameters);
        var value = token.Render(scope);
        context.Session.Run.Redactor.Add(value);
        target.InjectReplacing(parts, value, scope);
        return ValueTask.CompletedTask;
    }

    public void Invalidate(HttpSession session) { }
}
