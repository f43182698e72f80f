using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.Bodies;

/// <summary>A GraphQL request: a JSON body with <c>query</c> and optionally <c>variables</c> and <c>operationName</c>.</summary>
internal sealed class RequestBodyGraphQL(ValueTemplate value) : IRequestBody
{
    public static readonly ComponentSpec Spec = new("RequestBodyGraphQL", ComponentKind.RequestBody,
        "Sends a GraphQL query as a JSON body.",
        [Field.Any("value", "An object with 'query' (a template) and optionally 'variables' and 'operationName'.", required: true)])
    {
        Factory = (node, _) =>
        {
            var raw = node.Value("value")?.ToValue();
            if (raw is not IReadOnlyDictionary<string, object?> map || !map.ContainsKey("query"))
                throw new ComponentBuildException(node.Position, node.FieldPath("value"), "a GraphQL body needs an object with a 'query'");
            return new RequestBodyGraphQL(ValueTemplate.Compile(raw, node.FieldPath("value")));
        },
        Example = "type: RequestBodyGraphQL\nvalue:\n  query: \"{ users(first: 10) { id name } }\"\n",
    };

    public void Apply(RequestParts parts, TemplateScope scope) => RequestBodies.Json(parts, value, scope, "request_body");
}
