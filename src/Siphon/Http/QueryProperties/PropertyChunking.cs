using Siphon.Components;

namespace Siphon.Http.QueryProperties;

/// <summary>The reference's <c>PropertyChunking</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class PropertyChunking
{
    public static readonly ComponentSpec Spec = new("PropertyChunking", ComponentKind.PropertyChunking,
        "For APIs with restrictions on the amount of properties that can be requester per request, property chunking can be applied to make multiple requests with a subset of the properties.",
        [
            Field.Any("property_limit_type", "The type used to determine the maximum number of properties per chunk.", required: true),
            Field.Any("property_limit", "The maximum amount of properties that can be retrieved per request according to the limit type."),
            Field.Component("record_merge_strategy", ComponentKind.RecordMergeStrategy, "Dictates how to records that require multiple requests to get all properties should be emitted to the destination.")
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: PropertyChunking\nproperty_limit_type: x\n",
    };
}
