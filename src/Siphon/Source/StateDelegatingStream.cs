using System.Globalization;
using System.Xml;
using Siphon.Components;

namespace Siphon.Source;

/// <summary>
/// <c>StateDelegatingStream</c>: one stream read by its <c>full_refresh_stream</c> when it has no state (the first sync,
/// or a cursor older than the API's retention period) and by its <c>incremental_stream</c> once state exists. Discover
/// describes it as the incremental stream.
/// </summary>
internal static class StateDelegatingStream
{
    public static readonly ComponentSpec Spec = new("StateDelegatingStream", ComponentKind.Stream,
        "(This component is experimental. Use at your own risk.) Orchestrate the retriever's usage based on the state value.",
        [
            Field.String("name", "The stream name.", required: true),
            Field.Component("full_refresh_stream", ComponentKind.Stream,
                "Component used to coordinate how records are extracted across stream slices and request pages when the state is empty or not provided.", implied: "DeclarativeStream", required: true),
            Field.Component("incremental_stream", ComponentKind.Stream,
                "Component used to coordinate how records are extracted across stream slices and request pages when the state provided.", implied: "DeclarativeStream", required: true),
            Field.String("api_retention_period",
                "The data retention period of the incremental API (ISO8601 duration such as P30D). If the cursor value is older than this retention period, the connector will automatically fall back to a full refresh to avoid data loss."),
        ])
    {
        Factory = Build,
        Example = """
            type: StateDelegatingStream
            name: events
            api_retention_period: P30D
            full_refresh_stream:
              type: DeclarativeStream
              name: events
              retriever: { requester: { url: "https://api.example.com/items" }, record_selector: { extractor: { field_path: [] } } }
            incremental_stream:
              type: DeclarativeStream
              name: events
              retriever: { requester: { url: "https://api.example.com/events" }, record_selector: { extractor: { field_path: [] } } }
            """,
    };

    private static object Build(ComponentNode node, BuildContext context)
    {
        var name = node.Text("name") ?? "";
        var full = context.Build<StreamDefinition>(node.Child("full_refresh_stream")!);
        var incremental = context.Build<StreamDefinition>(node.Child("incremental_stream")!);
        foreach (var (field, inner) in new[] { ("full_refresh_stream", full), ("incremental_stream", incremental) })
            if (inner.Name.Length > 0 && inner.Name != name)
                throw new ComponentBuildException(node.Child(field)!.Position, node.FieldPath(field),
                    $"the {field} is named '{inner.Name}': a StateDelegatingStream and both its streams must have the same name ('{name}')");
        TimeSpan? retention = null;
        if (node.Text("api_retention_period") is { Length: > 0 } period)
        {
            try { retention = XmlConvert.ToTimeSpan(period); }
            catch (FormatException)
            {
                throw new ComponentBuildException(node.Position, node.FieldPath("api_retention_period"), $"'{period}' is not an ISO-8601 duration such as P30D");
            }
        }
        return incremental with
        {
            Name = name,
            Position = node.Position,
            UnsupportedReasons = [.. full.UnsupportedReasons, .. incremental.UnsupportedReasons],
            FullRefresh = new StateDelegation(full with { Name = name }, retention),
        };
    }
}

/// <summary>The stream a <see cref="StateDelegatingStream"/> reads without state, and how old a cursor may be.</summary>
public sealed record StateDelegation(StreamDefinition FullRefresh, TimeSpan? RetentionPeriod)
{
    /// <summary>True when the state is absent, or its cursor value is older than the retention period allows.</summary>
    public bool Applies(Dictionary<string, object?>? state, string? cursorField, DateTimeOffset now)
    {
        if (state is null || state.Count == 0) return true;
        if (RetentionPeriod is not { } retention || cursorField is null) return false;
        return state.GetValueOrDefault(cursorField) is { } value
            && DateTimeOffset.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cursor)
            && cursor < now - retention;
    }
}
