using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>The reference's <c>QueryProperties</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class QueryProperties
{
    public static readonly ComponentSpec Spec = new("QueryProperties", ComponentKind.QueryProperties,
        "For APIs that require explicit specification of the properties to query for, this component specifies which property fields and how they are supplied to outbound requests.",
        [
            Field.Any("property_list", "The set of properties that will be queried for in the outbound request.", required: true),
            Field.Any("always_include_properties", "The list of properties that should be included in every set of properties when multiple chunks of properties are being requested."),
            Field.Component("property_chunking", ComponentKind.PropertyChunking, "Defines how query properties will be grouped into smaller sets for APIs with limitations on the number of properties fetched per API request."),
            Field.Component("property_selector", ComponentKind.PropertySelector, "Defines where to look for and which query properties that should be sent in outbound API requests.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: QueryProperties\nproperty_list: x\n",
    };
}
