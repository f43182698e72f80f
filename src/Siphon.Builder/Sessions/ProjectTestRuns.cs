using System.Collections.Concurrent;
using Siphon.Builder.Projects;
using Siphon.Builder.TestRecords;
using Siphon.Http;
using Siphon.Source;
using Siphon.Testing;

namespace Siphon.Builder.Sessions;

/// <summary>
/// The test runs of the builder's projects: the latest of each project outlives the tab that started it, so a reloaded
/// (or second) tab re-attaches to it, follows its progress and can cancel it, and finds its result once done. A run
/// nobody watches is cancelled (its jobs aborted) after <see cref="Grace"/>: a closed tab must not leave jobs polling.
/// A config the run rotated (a single-use refresh token) is kept by the run itself, once, whether or not a tab still
/// watches: the token the API already replaced is useless to the next test. Its result becomes the stream's test record
/// (when given the hash of the stream's definition) the same way: a test nobody watched to its end is still the last test.
/// </summary>
public sealed class ProjectTestRuns(TestReadRuns runs, TimeProvider time, TimeSpan grace, StreamTestRecords? records = null)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ProjectTestRun> _latest = new(StringComparer.Ordinal);

    public TimeSpan Grace { get; } = grace;

    public ProjectTestRun Start(ConnectorProject project, string stream, ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config, TestReadRequest request,
        string? definitionHash = null)
    {
        var run = new ProjectTestRun(runs.Start(connector, config, request), stream, Grace, time);
        run.Settled = SettleAsync(project, run, connector, config, definitionHash);
        _latest[project.Directory] = run;
        return run;
    }

    private async Task SettleAsync(ConnectorProject project, ProjectTestRun run, ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config, string? definitionHash)
    {
        await KeepRotatedConfigAsync(project, run).ConfigureAwait(false);
        if (records is null || definitionHash is null || run.Run.Outcome?.Result is not { } result) return;
        // The secrets of the config the test started from, and of the one it rotated to.
        List<SecretRedactor> redactors = [SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config)];
        if (run.Run.Outcome.ConfigUpdate is { } rotated) redactors.Add(SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, rotated));
        var record = StreamTestRecord.Of(result, definitionHash, connector.FindStream(run.Stream)?.PrimaryKey ?? []);
        try
        {
            await records.KeepAsync(project, record, redactors, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            run.RecordNotKept = $"The test result could not be kept in {StreamTestRecords.Folder}/ ({e.Message}): it is shown until the builder stops.";
        }
    }

    private static async Task KeepRotatedConfigAsync(ConnectorProject project, ProjectTestRun run)
    {
        await run.Run.Completion.ConfigureAwait(false);
        if (run.Run.Outcome?.ConfigUpdate is not { } rotated) return;
        try
        {
            await project.KeepConfigUpdateAsync(rotated, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Said where the user looks: the next test would start from a refresh token the API already refused.
            run.ConfigNotKept = $"The rotated OAuth token could not be saved in {ConnectorProject.TestingValuesFile} ({e.Message}): set it again in the Inputs before the next test.";
        }
    }

    public ProjectTestRun? Latest(string project) => _latest.GetValueOrDefault(project);
}

/// <summary>One project's test run and who watches it.</summary>
public sealed class ProjectTestRun(TestReadRun run, string stream, TimeSpan grace, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _watchers;
    private CancellationTokenSource? _unwatched;

    public TestReadRun Run { get; } = run;
    public string Stream { get; } = stream;

    /// <summary>Completes once the run is over and the config it rotated, if any, is in the project's testing values.</summary>
    public Task Settled { get; internal set; } = run.Completion;

    /// <summary>Why a rotated config could not be kept; null when it was (or there was none).</summary>
    public string? ConfigNotKept { get; internal set; }

    /// <summary>Why the stream's test record could not be written; null when it was.</summary>
    public string? RecordNotKept { get; internal set; }

    /// <summary>Counts a watcher until disposed; the last one leaving starts the grace period.</summary>
    public IDisposable Watch()
    {
        lock (_gate)
        {
            _watchers++;
            _unwatched?.Cancel();
            _unwatched = null;
        }
        return new Watcher(this);
    }

    private void Leave()
    {
        CancellationTokenSource unwatched;
        lock (_gate)
        {
            if (--_watchers > 0 || Run.Completion.IsCompleted) return;
            _unwatched = unwatched = new CancellationTokenSource();
        }
        _ = CancelUnlessWatchedAsync(unwatched.Token);
    }

    private async Task CancelUnlessWatchedAsync(CancellationToken watchedAgain)
    {
        try { await Task.Delay(grace, time, watchedAgain); }
        catch (OperationCanceledException) { return; }
        Run.Cancel();
    }

    private sealed class Watcher(ProjectTestRun run) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) run.Leave();
        }
    }
}
