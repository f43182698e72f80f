using Siphon.Http;
using Siphon.Jobs;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Runs;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Tests.Runs;
using Siphon.Values;

namespace Siphon.Tests.Jobs;

/// <summary>
/// What keeps a crashed async read from duplicating records or jobs (found by the kill -9 loop in Siphon.Reliability.Tests):
/// slices come out in order, a state in the middle of a slice says how far each file got, and a job is deleted only
/// after the state that closes its slice.
/// </summary>
public sealed class DurableReadTests
{
    private static string Contacts(string creation = "") => AsyncRetrieverTests.Contacts(creation: creation);

    [Fact]
    public async Task Read_FirstSliceSlowerThanTheOthers_SlicesStillEndInTheirOrder()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 30, Files = 1 });
        // Slice 0's job needs 12 polls, the others 1: they complete first, but are handed out after slice 0.
        var retriever = AsyncHarness.Build(Contacts("request_parameters: { sim.pollsUntilDone: \"{{ 12 if stream_partition.n == 0 else 1 }}\" }"));

        var ends = new List<long>();
        var context = harness.Context(harness.Config(), budget: new JobBudget(4));
        await foreach (var item in retriever.ReadAsync(Slices(4), context, CancellationToken.None))
            if (item.IsSliceEnd) ends.Add((long)item.Slice.Partition["n"]!);

        Assert.Equal([0L, 1L, 2L, 3L], ends);
        var stats = harness.Simulator.Stats;
        Assert.Equal(4, stats.JobsCreated);
        Assert.Equal([2, 2, 2, 13], stats.Jobs.Select(j => j.Polls).Order());
    }

    [Fact]
    public async Task Read_ResumedWithRecordsSavedMidSlice_SkipsExactlyThoseRecords()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 120, Files = 1, PollsUntilDone = 4 });
        var retriever = AsyncHarness.Build(Contacts());
        var saved = await harness.ReadUntilFirstCheckpointAsync(retriever);
        // As a state taken after 40 records of the slice's only file were output would say.
        var entry = (Dictionary<string, object?>)((Dictionary<string, object?>)saved["async_jobs"]!)["{}"]!;
        entry["saved_records"] = JsonValues.Parse("""{"0": 40}""");

        var resumed = new StreamStateStore(saved);
        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config(), resumed));

        Assert.Equal(1, harness.Simulator.Stats.JobsCreated);
        Assert.Equal(80, result.Records.Count);
        Assert.Equal(80, result.Records.Select(r => r["CONTACT_ID"]).Distinct().Count());
        Assert.Contains(harness.Events.Of<JobWarning>(), w => w.Message.Contains("40 record(s) were saved before the read stopped; skipping them"));
    }

    [Fact]
    public async Task Read_ThroughTheReadLoop_DeletesAJobOnlyAfterTheStateClosingItsSliceWasOutput()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 50, Files = 2 });
        var loaded = ConnectorLoader.Parse("m.yaml", Contacts());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var output = new CollectingOutput();
        using var session = new HttpSession(events: harness.Events);

        var summary = await new SourceReader(loaded.Definition!, session).ReadAsync(harness.Config(), [new StreamReadRequest("items")], output, CancellationToken.None);

        Assert.True(summary.Succeeded, string.Join("\n", summary.Failures.Select(f => f.Error.Message)));
        var events = harness.Events.All.ToList();
        var deleted = events.FindIndex(e => e is JobDeleted);
        var jobId = ((JobDeleted)events[deleted]).Job.JobId;
        var lastStateBefore = events.Take(deleted).OfType<StateEmitted>().Last();
        Assert.True(events.FindLastIndex(deleted, e => e is DownloadFinished) < events.IndexOf(lastStateBefore), "no state between the download and the delete");
        Assert.DoesNotContain(jobId, lastStateBefore.State);
        Assert.Equal(1, harness.Simulator.Stats.JobsDeleted);
        Assert.Equal(50, output.Records().Count());
    }

    [Fact]
    public async Task Read_LongSlice_EmitsAStateEveryNRecordsAndAReadStoppedAfterOneResumesExactlyWhereItEnded()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 120, Files = 1 });
        var loaded = ConnectorLoader.Parse("m.yaml", Contacts());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var options = new ReadOptions { CheckpointEveryRecords = 25, AbortJobsOnCancel = false };
        static bool Covers(Dictionary<string, object?> state, int records) => JsonValues.ToJson(state).Contains($"\"saved_records\":{{\"0\":{records}}}", StringComparison.Ordinal);

        // A whole read: states after 25, 50, 75 and 100 records of the open slice, each saying how far its file got.
        var whole = new CollectingOutput();
        using (var session = new HttpSession(events: harness.Events))
            Assert.True((await new SourceReader(loaded.Definition!, session, options).ReadAsync(harness.Config(), [new StreamReadRequest("items")], whole, CancellationToken.None)).Succeeded);
        var recordsBefore = new List<int>();
        var records = 0;
        foreach (var item in whole.Items)
        {
            if (item.Record is not null) records++;
            else if (item.State is { } state && JsonValues.ToJson(state).Contains("saved_records", StringComparison.Ordinal)) recordsBefore.Add(records);
        }
        Assert.Equal([25, 50, 75, 100], recordsBefore);
        Assert.Equal(120, records);

        // A read stopped right after the state covering 50 records, then resumed from that state: the same job, the other 70.
        using var stop = new CancellationTokenSource();
        var stopped = new StoppingOutput(state => Covers(state, 50), stop);
        using (var session = new HttpSession(events: harness.Events))
        {
            try { await new SourceReader(loaded.Definition!, session, options).ReadAsync(harness.Config(), [new StreamReadRequest("items")], stopped, stop.Token); }
            catch (OperationCanceledException) { /* stopped, as intended */ }
        }
        var saved = stopped.StoppedAt!;
        Assert.Equal(50, stopped.Records.Count);

        var resumed = new CollectingOutput();
        using (var session = new HttpSession(events: harness.Events))
            Assert.True((await new SourceReader(loaded.Definition!, session, options).ReadAsync(harness.Config(), [new StreamReadRequest("items", saved)], resumed, CancellationToken.None)).Succeeded);
        Assert.Equal(70, resumed.Records().Count());
        Assert.Equal(120, stopped.Records.Concat(resumed.Records()).Select(r => r["CONTACT_ID"]).Distinct().Count());
        Assert.Equal(2, harness.Simulator.Stats.JobsCreated); // one for the whole read, one for the stopped read (resumed, not re-created)
    }

    [Fact]
    public async Task Read_BatchOutput_AStateEveryNRecordsSplitsTheBatchAndCountsItsRowsPerPartExactly()
    {
        await using var harness = await AsyncHarness.StartAsync(new Knobs { Rows = 120, Files = 1 });

        var whole = new BatchCollectingOutput();
        Assert.True(await ReadEvery25Async(harness, whole));
        // The file's rows arrive in batches of several hundred (one, for a body this small, unless the network makes the
        // decoder hand on early); a state that falls inside a batch splits it, so no batch goes out across a state.
        Assert.Equal([25, 50, 75, 100], whole.SavedAt);
        Assert.Equal(120, whole.Batches.Sum());
        Assert.All(whole.Batches, size => Assert.InRange(size, 1, 25));
        Assert.All(new[] { 25, 50, 75, 100 }, at => Assert.Contains(at, Prefixes(whole.Batches)));
        Assert.Equal(120, whole.Records.Select(r => r["CONTACT_ID"]).Distinct().Count());

        // A read stopped right after the state covering 75 records, then resumed: the download skips exactly those 75
        // rows, into the middle of a batch, and outputs the other 45.
        using var stop = new CancellationTokenSource();
        var stopped = new StoppingOutput(state => JsonValues.ToJson(state).Contains("\"saved_records\":{\"0\":75}", StringComparison.Ordinal), stop);
        try { await ReadEvery25Async(harness, stopped, cancellationToken: stop.Token); }
        catch (OperationCanceledException) { /* stopped, as intended */ }
        Assert.Equal(75, stopped.Records.Count);
        var resumed = new BatchCollectingOutput();
        Assert.True(await ReadEvery25Async(harness, resumed, stopped.StoppedAt));
        Assert.Equal(45, resumed.Batches.Sum());
        Assert.Equal([25], resumed.SavedAt); // the resumed read's first mid-slice state comes 25 rows in, inside its batch
        // ...and covers the 75 records the first read output too: a second stop now must not output them again.
        Assert.Contains("\"saved_records\":{\"0\":100}", JsonValues.ToJson(resumed.States[0]), StringComparison.Ordinal);
        Assert.Equal(120, stopped.Records.Concat(resumed.Records).Select(r => r["CONTACT_ID"]).Distinct().Count());
    }

    /// <summary>Reads the contacts stream through the read loop with a state every 25 records of an open slice.</summary>
    private static async Task<bool> ReadEvery25Async(AsyncHarness harness, IReadOutput output, Dictionary<string, object?>? state = null,
        CancellationToken cancellationToken = default)
    {
        var loaded = ConnectorLoader.Parse("m.yaml", Contacts());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        using var session = new HttpSession(events: harness.Events);
        var options = new ReadOptions { CheckpointEveryRecords = 25, AbortJobsOnCancel = false };
        return (await new SourceReader(loaded.Definition!, session, options).ReadAsync(harness.Config(), [new StreamReadRequest("items", state)], output, cancellationToken)).Succeeded;
    }

    private static HashSet<int> Prefixes(List<int> sizes)
    {
        var sums = new HashSet<int>();
        var sum = 0;
        foreach (var size in sizes) sums.Add(sum += size);
        return sums;
    }

    /// <summary>Takes records in batches, as the CLI's output does, noting each batch's size and the records output before each mid-slice state.</summary>
    private sealed class BatchCollectingOutput : IBatchReadOutput
    {
        public List<int> Batches { get; } = [];
        public List<Dictionary<string, object?>> Records { get; } = [];
        public List<int> SavedAt { get; } = [];
        public List<Dictionary<string, object?>> States { get; } = [];

        public ValueTask RecordsAsync(string stream, Siphon.Records.RecordBatch batch, CancellationToken cancellationToken)
        {
            Batches.Add(batch.Count);
            Records.AddRange(batch.Records());
            return ValueTask.CompletedTask;
        }

        public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
        {
            Batches.Add(1);
            Records.Add(record);
            return ValueTask.CompletedTask;
        }

        public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
        {
            if (!JsonValues.ToJson(state).Contains("saved_records", StringComparison.Ordinal)) return ValueTask.CompletedTask;
            SavedAt.Add(Records.Count);
            States.Add(state);
            return ValueTask.CompletedTask;
        }

        public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>Collects records until a state matches, then stops the read there, as a crash right after that state would.</summary>
    private sealed class StoppingOutput(Func<Dictionary<string, object?>, bool> stopAfter, CancellationTokenSource stop) : IReadOutput
    {
        public List<Dictionary<string, object?>> Records { get; } = [];
        public Dictionary<string, object?>? StoppedAt { get; private set; }

        public ValueTask RecordAsync(string stream, Dictionary<string, object?> record, CancellationToken cancellationToken)
        {
            if (StoppedAt is null) Records.Add(record);
            return ValueTask.CompletedTask;
        }

        public ValueTask StateAsync(string stream, Dictionary<string, object?> state, CancellationToken cancellationToken)
        {
            if (StoppedAt is null && stopAfter(state))
            {
                StoppedAt = (Dictionary<string, object?>)JsonValues.Parse(JsonValues.ToJson(state))!;
                stop.Cancel();
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask StreamStatusAsync(string stream, StreamStatus status, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static async IAsyncEnumerable<StreamSlice> Slices(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new StreamSlice(new Dictionary<string, object?>(StringComparer.Ordinal) { ["n"] = (long)i }, JsonValues.NewObject(), JsonValues.NewObject());
            await Task.Yield();
        }
    }
}
