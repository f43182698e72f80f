using Microsoft.Extensions.Time.Testing;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Tests.Runs;

/// <summary>What a read produced, in the order the read loop handed it out.</summary>
public sealed class CollectingOutput : IReadOutput
{
    public List<(string Stream, Dictionary<string, object?>? Record, Dictionary<string, object?>? State)> Items { get; } = [];
    public List<(string Stream, StreamStatus Status)> Statuses { get; } = [];

    /// <summary>The message of each stream that failed.</summary>
    public List<string> Failures { get; } = [];

    /// <summary>Called after each state; a test cancels the read from here.</summary>
    public Action<int>? OnState { get; init; }

    public IEnumerable<Dictionary<string, object?>> Records(string? stream = null) =>
        Items.Where(i => i.Record is not null && (stream is null || i.Stream == stream)).Select(i => i.Record!);

    public IReadOnlyList<Dictionary<string, object?>> States(string? stream = null) =>
        Items.Where(i => i.State is not null && (stream is null || i.Stream == stream)).Select(i => i.State!).ToList();

    public Dictionary<string, object?>? LastState(string stream) => States(stream).LastOrDefault();

    public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        Items.Add((stream, record, null));
        return ValueTask.CompletedTask;
    }

    public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        Items.Add((stream, null, state));
        OnState?.Invoke(Items.Count(i => i.State is not null));
        return ValueTask.CompletedTask;
    }

    public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken)
    {
        Statuses.Add((stream, status));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Builds connectors from manifest text through the real loader and reads them over loopback HTTP.</summary>
public static class ReadTestKit
{
    public static readonly DateTimeOffset Now = new(2024, 1, 10, 0, 0, 0, TimeSpan.Zero);

    public static ConnectorDefinition Load(string streamsYaml)
    {
        var loaded = ConnectorLoader.Parse("m.yaml", "version: 6.5.0\ntype: DeclarativeSource\ncheck: { stream_names: [items] }\n" + streamsYaml);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        Assert.All(loaded.Definition!.Streams, s => Assert.True(s.IsSupported, string.Join("; ", s.UnsupportedReasons)));
        return loaded.Definition;
    }

    public static Dictionary<string, object?> Json(string json) => (Dictionary<string, object?>)JsonValues.Parse(json)!;

    public static async Task<CollectingOutput> ReadAsync(ConnectorDefinition connector, string config = "{}", Dictionary<string, Dictionary<string, object?>>? states = null,
        TimeProvider? time = null, int concurrency = 1, CollectingOutput? output = null, CancellationToken cancellationToken = default, bool expectSuccess = true,
        bool resumeAfterCommittedWindows = false, IRunEventSink? events = null)
    {
        output ??= new CollectingOutput();
        using var session = new HttpSession(events: events, time: time ?? new FakeTimeProvider(Now));
        var requests = connector.Streams.Select(s => new StreamReadRequest(s.Name, states?.GetValueOrDefault(s.Name))).ToList();
        var summary = await new SourceReader(connector, session, new ReadOptions { MaxConcurrency = concurrency, ResumeAfterCommittedWindows = resumeAfterCommittedWindows })
            .ReadAsync(Json(config), requests, output, cancellationToken);
        if (expectSuccess) Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => $"{f.Stream}: {f.Error}")));
        output.Failures.AddRange(summary.Failures.Select(f => f.Error.Message));
        return output;
    }

    /// <summary>Each record's <paramref name="field"/> as text.</summary>
    public static List<string> Field(this IEnumerable<Dictionary<string, object?>> records, string field) =>
        records.Select(r => Convert.ToString(r.GetValueOrDefault(field), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
}
