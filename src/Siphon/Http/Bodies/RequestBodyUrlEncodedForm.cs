using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Bodies;

/// <summary>A URL-encoded form body (<c>application/x-www-form-urlencoded</c>).</summary>
internal sealed class RequestBodyUrlEncodedForm(ValueTemplate value) : IRequestBody
{
    public static readonly ComponentSpec Spec = new("RequestBodyUrlEncodedForm", ComponentKind.RequestBody,
        "Sends a URL-encoded form as the request body.",
        [Field.Any("value", "Form fields; values are templates.", required: true)])
    {
        Factory = (node, _) => new RequestBodyUrlEncodedForm(ValueTemplate.Compile(node.Value("value")?.ToValue(), node.FieldPath("value"))),
        Example = "type: RequestBodyUrlEncodedForm\nvalue:\n  grant_type: client_credentials\n",
    };

    public void Apply(RequestParts parts, TemplateScope scope) => RequestBodies.Form(parts, value, scope, "request_body");
}
