using Siphon.Components;
using Siphon.Manifest;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>Rewrites a previous state before a read (an older connector version's format into the current one).</summary>
public interface IStateMigration
{
    bool ShouldMigrate(IReadOnlyDictionary<string, object?> state);

    Dictionary<string, object?> Migrate(IReadOnlyDictionary<string, object?> state);
}

/// <summary>
/// <c>LegacyToPerPartitionStateMigration</c>: turns the old per-partition format <c>{"&lt;partition value&gt;": {cursor...}}</c>
/// into <c>{"states": [{"partition": {&lt;partition field&gt;: value}, "cursor": {...}}]}</c>; the partition field is the stream's
/// router's (a parent's <c>partition_field</c> or a list router's <c>cursor_field</c>).
/// </summary>
internal sealed record LegacyToPerPartitionStateMigration(string? PartitionField) : IStateMigration
{
    public static readonly ComponentSpec Spec = new("LegacyToPerPartitionStateMigration", ComponentKind.StateMigration,
        "Migrates a legacy per-partition state ({partition value: cursor}) to the per-partition format.", [])
    {
        Factory = (_, _) => new LegacyToPerPartitionStateMigration((string?)null),
        Example = "type: LegacyToPerPartitionStateMigration\n",
    };

    /// <summary>The partition field of the router of the stream <paramref name="stream"/>, read from its manifest.</summary>
    public static string? PartitionFieldOf(ManifestMap stream)
    {
        var router = (stream["retriever"] as ManifestMap)?["partition_router"];
        if (router is ManifestList list) router = list.Items.FirstOrDefault();
        if (router is not ManifestMap map) return null;
        if (map.GetText("cursor_field") is { } field) return field;
        return ((map["parent_stream_configs"] as ManifestList)?.Items.FirstOrDefault() as ManifestMap)?.GetText("partition_field");
    }

    public bool ShouldMigrate(IReadOnlyDictionary<string, object?> state) =>
        PartitionField is not null && state.Count > 0 && !state.ContainsKey("states")
        && state.Values.All(v => v is IReadOnlyDictionary<string, object?> cursor && cursor.Count > 0 && cursor.Values.All(c => c is not IReadOnlyDictionary<string, object?>));

    public Dictionary<string, object?> Migrate(IReadOnlyDictionary<string, object?> state)
    {
        var states = new List<object?>();
        foreach (var (value, cursor) in state)
        {
            var partition = JsonValues.NewObject(1);
            partition[PartitionField!] = value;
            var entry = JsonValues.NewObject(2);
            entry["partition"] = partition;
            entry["cursor"] = cursor;
            states.Add(entry);
        }
        var migrated = JsonValues.NewObject(1);
        migrated["states"] = states;
        return migrated;
    }
}
