using Siphon.Http;
using Siphon.Runs;
using Siphon.Source;

namespace Siphon.Testing;

/// <summary>
/// What the builder's Test button runs: one stream read through the production read loop, retrievers and decoders,
/// limited, every exchange captured (bodies up to a cap), secrets redacted, progress reported as it happens. A test
/// read that is cancelled really stops and aborts the provider jobs it started. It may record its exchanges into a
/// cassette or replay one instead of the network.
/// </summary>
public static class TestReader
{
    public static async Task<TestReadOutcome> RunAsync(ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config, TestReadRequest request,
        Action<TestReadProgress>? progress, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var problems = request.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(request));
        time ??= TimeProvider.System;
        // A test read runs with the config a sync would use: migrated, transformed and validated by the manifest's rules.
        if (connector.Spec is { } spec) config = spec.Normalize(config, time).Config;
        var redactor = SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config);
        if (connector.Spec?.Normalization?.Problem((Dictionary<string, object?>)config, time) is { } refused)
            throw new ArgumentException(redactor.Redact($"the config fails a validation of the manifest: {refused}"), nameof(config));
        connector = connector.ForConfig(config, time);
        var capture = new BodyCaptureHandler(request.BodyCaptureBytes);
        var recorder = request.Record ? new CassetteRecorder() : null;
        HttpMessageHandler transport = request.Replay is { } cassette ? new CassettePlayer(cassette, redactor)
            : HttpSession.DefaultHandler(new HttpSessionOptions { RefuseLinkLocal = request.RefuseLinkLocal });
        if (recorder is not null)
        {
            recorder.InnerHandler = transport;
            transport = recorder;
        }
        capture.InnerHandler = transport;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collector = new TestReadCollector(request.Stream, redactor, capture, request.Limits.Records, () => stop.Cancel(), progress, time);
        var settings = Settings(request, connector.FindStream(request.Stream)?.Kind ?? StreamKind.Unknown);
        var started = time.GetUtcNow();
        var clock = time.GetTimestamp();
        foreach (var difference in settings.DifferencesFromSync) collector.Log("INFO", $"test read: {difference}", started);

        string status = "completed";
        string? error = null;
        using (var session = new HttpSession(new HttpSessionOptions { UrlMappings = request.UrlMappings, ApiBudget = connector.ApiBudget, FailFastWhenUnreachable = true }, events: collector, redactor: redactor, handler: capture, time: time))
        {
            try
            {
                // A generated stream exists once its dynamic_streams are resolved; their requests show in the test read.
                if (connector.FindStream(request.Stream) is null && connector.DynamicStreams.Count > 0)
                    connector = await DynamicStreamResolution.ResolveAsync(connector, config, session, stop.Token, request.Limits.Streams).ConfigureAwait(false);
                var options = new ReadOptions { AbortJobsOnCancel = true, Limits = request.ReadLimits() };
                var summary = await new SourceReader(connector, session, options)
                    .ReadAsync(config, [new StreamReadRequest(request.Stream, request.State)], collector, stop.Token).ConfigureAwait(false);
                if (summary.Failures.Count > 0)
                {
                    status = "failed";
                    error = string.Join("; ", summary.Failures.Select(f => f.Error.Message));
                    if (summary.Failures.Any(f => f.Error is ArgumentException))
                        collector.Log("ERROR", error, time.GetUtcNow());
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The record limit stopped the read: a normal end.
            }
            catch (OperationCanceledException)
            {
                status = "cancelled";
                collector.Log("WARN", "the test read was cancelled", time.GetUtcNow());
            }
            catch (Exception e)
            {
                status = "failed";
                error = e.Message;
                collector.Log("ERROR", e.Message, time.GetUtcNow());
            }
        }

        var primaryKey = connector.FindStream(request.Stream)?.PrimaryKey ?? [];
        var result = collector.Build(status, error, settings, started, time.GetElapsedTime(clock), primaryKey);
        collector.Report(new TestReadProgress
        {
            Time = time.GetUtcNow(), Kind = "finished", Records = result.RecordCount,
            Message = $"test read {status}: {result.RecordCount} record(s) in {result.Slices.Count} slice(s){(result.TestReadLimitReached ? $", stopped by the {string.Join(", ", result.LimitsReached)} limit" : "")}",
        });
        return new TestReadOutcome(result, recorder?.ToCassette(redactor)) { ConfigUpdate = collector.ConfigUpdate };
    }

    private static TestReadSettings Settings(TestReadRequest request, StreamKind kind)
    {
        var differences = new List<string>
        {
            $"at most {request.Limits.Records} record(s), {request.Limits.Slices} slice(s) and {request.Limits.PagesPerSlice} page(s) per slice",
        };
        differences.Add("a refused connection, unknown host or failed TLS handshake fails at the first try (a sync retries it)");
        // Only a job has files: a synchronous stream's log must not talk about downloads it never makes.
        if (kind != StreamKind.Synchronous)
            differences.Add("the files of an async job are downloaded one after another (a sync downloads up to download_concurrency at once), so pages keep file order");
        if (request.JobAttempts is { } attempts) differences.Add($"async jobs get {attempts} attempt(s) per slice instead of the manifest's");
        if (request.JobTimeout is { } timeout) differences.Add($"async jobs time out after {timeout.TotalMinutes:0.##} min instead of the manifest's polling_job_timeout");
        if (request.Replay is not null) differences.Add("responses are replayed from a cassette: no request reaches the network");
        return new TestReadSettings(request.Limits.Records, request.Limits.PagesPerSlice, request.Limits.Slices, request.BodyCaptureBytes,
            request.JobAttempts, request.JobTimeout?.TotalMinutes, request.Record, request.Replay is not null, differences);
    }
}
