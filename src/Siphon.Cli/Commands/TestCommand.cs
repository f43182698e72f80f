using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Siphon.Runs;
using Siphon.Source;
using Siphon.Testing;
using Siphon.Values;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon test</c>: what the builder's Test button runs, in a terminal: one stream read with limits, every request
/// captured. Progress goes to stderr as it happens; the result to stdout, as a readable view (records, the download
/// requests, a numbered timeline of the other requests) or as the JSON result (<c>--json</c>).
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var manifest = ConnectorInput.ManifestOption();
        var config = ConnectorInput.ConfigOption();
        var stream = new Option<string>("--stream", "-s") { Description = "The stream to read.", Required = true };
        var records = new Option<int>("--records") { Description = $"At most this many records (1-{TestReadLimits.MaxRecords}).", DefaultValueFactory = _ => TestReadLimits.DefaultRecords };
        var pages = new Option<int>("--pages") { Description = $"At most this many pages per slice (1-{TestReadLimits.MaxPagesPerSlice}).", DefaultValueFactory = _ => TestReadLimits.DefaultPagesPerSlice };
        var slices = new Option<int>("--slices") { Description = $"At most this many slices (1-{TestReadLimits.MaxSlices}).", DefaultValueFactory = _ => TestReadLimits.DefaultSlices };
        var state = new Option<string?>("--state") { Description = "Path of a state to start from (the stream's state object, or the protocol's list of STATE messages)." };
        var record = new Option<string?>("--record") { Description = "Record every exchange into this cassette file (secrets redacted)." };
        var replay = new Option<string?>("--replay") { Description = "Replay the exchanges of this cassette file instead of using the network." };
        var jobAttempts = new Option<int?>("--job-attempts") { Description = "Async job attempts per slice instead of the manifest's." };
        var jobTimeout = new Option<double?>("--job-timeout") { Description = "Minutes an async job may run instead of the manifest's polling_job_timeout." };
        var mapUrl = ConnectorInput.MapUrlOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (the builder's StreamRead shape)." };
        var command = new Command("test", "Test-read one stream with limits and show its records and every request (what the builder's Test button runs).")
        {
            manifest, config, stream, records, pages, slices, state, record, replay, jobAttempts, jobTimeout, mapUrl, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(new Arguments(
            result.GetValue(manifest), result.GetValue(config), result.GetValue(stream)!, result.GetValue(records), result.GetValue(pages), result.GetValue(slices),
            result.GetValue(state), result.GetValue(record), result.GetValue(replay), result.GetValue(jobAttempts), result.GetValue(jobTimeout), result.GetValue(json)) { MapUrls = result.GetValue(mapUrl) ?? [] },
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    internal sealed record Arguments(string? Manifest, string? Config, string Stream, int Records, int Pages, int Slices, string? State,
        string? Record, string? Replay, int? JobAttempts, double? JobTimeoutMinutes, bool Json)
    {
        public string[] MapUrls { get; init; } = [];
    }

    internal static async Task<int> RunAsync(Arguments args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        foreach (var (path, what) in new[] { (args.Manifest, "manifest"), (args.Config, "config"), (args.State, "state"), (args.Replay, "cassette") })
            if (path is not null && !File.Exists(path))
            {
                await stderr.WriteLineAsync($"error: {what} file not found: {path}");
                return ExitCodes.Usage;
            }
        // As every command: the manifest (or the config's injected one) validated, the config checked against its spec.
        var reporter = new ConsoleReporter(stderr);
        var input = (await ConnectorInput.LoadAsync(args.Manifest, args.Config, reporter, cancellationToken))?.WithUrlMappings(args.MapUrls, reporter);
        if (input is null) return ExitCodes.InvalidManifest;
        Dictionary<string, object?>? state = null;
        Cassette? cassette = null;
        try
        {
            if (args.State is not null)
            {
                var value = JsonValues.Parse(await File.ReadAllTextAsync(args.State, cancellationToken));
                state = value is List<object?> ? ProtocolState.PerStream(value).GetValueOrDefault(args.Stream) : value as Dictionary<string, object?>;
            }
            if (args.Replay is not null) cassette = await Cassette.LoadAsync(args.Replay, cancellationToken);
        }
        catch (JsonException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        var request = new TestReadRequest
        {
            UrlMappings = input.UrlMappings,
            Stream = args.Stream,
            State = state,
            Limits = new TestReadLimits { Records = args.Records, PagesPerSlice = args.Pages, Slices = args.Slices },
            JobAttempts = args.JobAttempts,
            JobTimeout = args.JobTimeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null,
            Record = args.Record is not null,
            Replay = cassette,
        };
        if (request.Problems() is { Count: > 0 } problems)
        {
            foreach (var problem in problems) await stderr.WriteLineAsync($"error: {problem}");
            return ExitCodes.Usage;
        }
        if (input.Connector.FindStream(args.Stream) is null)
        {
            await stderr.WriteLineAsync($"error: the manifest has no stream '{args.Stream}' (it has {string.Join(", ", input.Connector.Streams.Select(s => s.Name))})");
            return ExitCodes.Usage;
        }

        var progressLock = new Lock();
        var outcome = await TestReader.RunAsync(input.Connector, input.Config, request, progress =>
        {
            if (progress.Kind is "request" or "response" or "records" or "slice_completed") return;
            lock (progressLock) stderr.WriteLine($"  {progress.Time:HH:mm:ss.fff}  {progress.Message}");
        }, cancellationToken);
        if (args.Record is not null && outcome.Cassette is { } recorded)
        {
            await recorded.SaveAsync(args.Record, CancellationToken.None);
            await stderr.WriteLineAsync($"recorded {recorded.Exchanges.Count} exchange(s) into {args.Record}");
        }
        if (args.Json) await stdout.WriteLineAsync(outcome.Result.ToJson(indented: true));
        else await stdout.WriteAsync(TestReadView.Render(outcome.Result));
        return outcome.Result.Status == "completed" ? ExitCodes.Success : ExitCodes.InvalidManifest;
    }
}

/// <summary>The terminal view of a test read: a summary, then per slice the job timeline, the download requests and the records.</summary>
internal static class TestReadView
{
    private const int MaxRows = 10, MaxColumns = 8, MaxCell = 24, MaxBody = 400;

    public static string Render(StreamReadResult result)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.Stream}: {result.Status}, {result.RecordCount} record(s) in {result.Slices.Count} slice(s), {result.DurationMs / 1000:0.0} s");
        if (result.TestReadLimitReached) text.Append(CultureInfo.InvariantCulture, $"; stopped by the {string.Join(", ", result.LimitsReached)} limit (more data exists)");
        text.AppendLine();
        if (result.Error is { } error) text.AppendLine($"error: {error}");
        foreach (var difference in result.Settings.DifferencesFromSync) text.AppendLine($"test read: {difference}");

        var number = 0;
        if (result.AuxiliaryRequests.Count > 0)
        {
            text.AppendLine().AppendLine("Other requests");
            foreach (var aux in result.AuxiliaryRequests) Line(text, ++number, aux.Title, aux.Request, aux.Response, aux.DurationMs, aux.Error);
        }
        for (var i = 0; i < result.Slices.Count; i++)
        {
            var slice = result.Slices[i];
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Slice {i + 1} {slice.SliceDescriptor.GetRawText()}");
            if (slice.AuxiliaryRequests.Count > 0)
            {
                text.AppendLine("  Timeline");
                foreach (var aux in slice.AuxiliaryRequests)
                {
                    var title = aux.Step == "poll" ? $"{aux.Title} #{aux.Index}" : aux.Title;
                    var status = aux.RawStatus is null ? "" : $"  '{aux.RawStatus}' -> {aux.MappedStatus}";
                    var job = aux.JobId is null ? "" : $"  job {aux.JobId} (attempt {aux.Attempt})";
                    Line(text, ++number, title, aux.Request, aux.Response, aux.DurationMs, aux.Error, status + job);
                }
            }
            for (var p = 0; p < slice.Pages.Count; p++)
            {
                var page = slice.Pages[p];
                text.AppendLine(CultureInfo.InvariantCulture, $"  {(page.JobId is null ? "Page" : "Download")} {p + 1}: {page.Records.Count} record(s)");
                if (page.Request is { } request) text.AppendLine($"    {request.HttpMethod} {request.Url}");
                if (page.Response is { } response)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    -> {response.Status}, {response.ContentType ?? "no content type"}, {response.Size ?? 0} byte(s){(response.Truncated ? " (cut)" : "")}, {page.DurationMs:0} ms");
                    text.AppendLine(response.BodyBase64 is not null ? " (binary)" : "");
                    if (response.Body is { Length: > 0 } body) text.AppendLine("    " + Cut(body.ReplaceLineEndings(" "), MaxBody));
                }
                if (page.Error is { } pageError) text.AppendLine($"    failed: {pageError}");
            }
            Table(text, slice.Pages.SelectMany(p => p.Records).ToList());
        }
        var warnings = result.Logs.Where(l => l.Level is "WARN" or "ERROR").ToList();
        if (warnings.Count > 0)
        {
            text.AppendLine().AppendLine("Logs");
            foreach (var log in warnings) text.AppendLine($"  {log.Level} {log.Message}");
        }
        if (result.InferredDatetimeFormats.Count > 0)
            text.AppendLine().AppendLine("Datetime formats: " + string.Join(", ", result.InferredDatetimeFormats.Select(f => $"{f.Key} {f.Value}")));
        return text.ToString();
    }

    private static void Line(StringBuilder text, int number, string title, HttpRequestView? request, HttpResponseView? response, double? durationMs, string? error, string extra = "")
    {
        var status = response is not null ? response.Status.ToString(CultureInfo.InvariantCulture) : error is not null ? "failed" : "-";
        text.AppendLine(CultureInfo.InvariantCulture, $"  {number,3}. {title,-32} {request?.HttpMethod,-6} {status,-6} {durationMs,6:0} ms  {request?.Url}{extra}");
    }

    private static void Table(StringBuilder text, List<JsonElement> records)
    {
        if (records.Count == 0) return;
        var columns = records.Take(MaxRows).Where(r => r.ValueKind == JsonValueKind.Object)
            .SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Distinct().Take(MaxColumns).ToList();
        var rows = records.Take(MaxRows).Select(r => columns.Select(c => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(c, out var v) ? Cell(v) : "").ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, rows.Max(r => r[i].Length))).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  Records ({Math.Min(MaxRows, records.Count)} of {records.Count} shown)");
        text.AppendLine("    " + string.Join(" | ", columns.Select((c, i) => c.PadRight(widths[i]))));
        text.AppendLine("    " + string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows) text.AppendLine("    " + string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))));
    }

    private static string Cell(JsonElement value) => Cut((value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    }).ReplaceLineEndings(" "), MaxCell);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
