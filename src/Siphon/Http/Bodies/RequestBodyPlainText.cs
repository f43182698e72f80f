using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Bodies;

/// <summary>A plain-text body (<c>text/plain; charset=utf-8</c> unless a Content-Type header says otherwise).</summary>
internal sealed class RequestBodyPlainText(Template value) : IRequestBody
{
    public static readonly ComponentSpec Spec = new("RequestBodyPlainText", ComponentKind.RequestBody,
        "Sends text as the request body.",
        [Field.Template("value", "The text (a template).", required: true)])
    {
        Factory = (node, _) => new RequestBodyPlainText(Template.Compile(node.Text("value") ?? "", node.FieldPath("value"))),
        Example = "type: RequestBodyPlainText\nvalue: \"SELECT * FROM users\"\n",
    };

    public void Apply(RequestParts parts, TemplateScope scope) => RequestBodies.Text(parts, value.Render(scope), "text/plain");
}
