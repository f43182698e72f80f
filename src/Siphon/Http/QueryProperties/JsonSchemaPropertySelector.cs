using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>The reference's <c>JsonSchemaPropertySelector</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class JsonSchemaPropertySelector
{
    public static readonly ComponentSpec Spec = new("JsonSchemaPropertySelector", ComponentKind.PropertySelector,
        "When configured, the JSON schema supplied in the catalog containing which columns are selected for the current stream will be used to reduce which query properties will be included in the outbound...",
        [
            Field.Any("transformations", "A list of transformations to be applied on the customer configured schema that will be used to filter out unselected fields when specifying query...")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: JsonSchemaPropertySelector\n",
    };
}
