using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Bodies;

/// <summary>A JSON object body; strings inside are templates, <c>None</c> values are dropped.</summary>
internal sealed class RequestBodyJsonObject(ValueTemplate value) : IRequestBody
{
    public static readonly ComponentSpec Spec = new("RequestBodyJsonObject", ComponentKind.RequestBody,
        "Sends a JSON object as the request body.",
        [Field.Any("value", "The object; strings inside are templates.", required: true)])
    {
        Factory = (node, _) => new RequestBodyJsonObject(ValueTemplate.Compile(node.Value("value")?.ToValue(), node.FieldPath("value"))),
        Example = "type: RequestBodyJsonObject\nvalue:\n  since: \"{{ stream_interval.start_time }}\"\n  limit: 100\n",
    };

    public void Apply(RequestParts parts, TemplateScope scope) => RequestBodies.Json(parts, value, scope, "request_body");
}
