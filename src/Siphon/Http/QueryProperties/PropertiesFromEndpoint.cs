using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>The reference's <c>PropertiesFromEndpoint</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class PropertiesFromEndpoint
{
    public static readonly ComponentSpec Spec = new("PropertiesFromEndpoint", ComponentKind.PropertiesFromEndpoint,
        "Defines the behavior for fetching the list of properties from an API that will be loaded into the requests to extract records.",
        [
            Field.Any("property_field_path", "Describes the path to the field that should be extracted.", required: true),
            Field.Any("retriever", "Requester component that describes how to fetch the properties to query from a remote API endpoint.", required: true)
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: PropertiesFromEndpoint\nproperty_field_path: []\nretriever: x\n",
    };
}
