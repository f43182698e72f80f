using System.Security.Cryptography;
using Siphon.Partitions;
using Siphon.Retrieval;
using Siphon.Simulator;
using Siphon.Templates;
using Siphon.Tests.Jobs;
using Siphon.Values;

namespace Siphon.Tests.RealManifests;

/// <summary>
/// The async streams of real manifests, unchanged, against simulator APIs that imitate SendGrid, Unify and App Store
/// Connect: every record arrives once (checked against /__expected) and each manifest's transformations apply.
/// </summary>
public sealed class RealManifestEndToEndTests
{
    [RealManifestsFact]
    public async Task Read_SendgridContacts_DownloadsEveryGzipCsvOnceWithLowerCaseKeys()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 700, Files = 3, PollsUntilDone = 2 } });
        var connector = await RealManifestRun.LoadAsync("sendgrid");
        using var session = RealManifestRun.Session(simulator, "https://api.sendgrid.com");

        var output = await RealManifestRun.ReadAsync(connector, session, """{"api_key":"sim-token","start_date":"2024-01-01T00:00:00Z"}""", "contacts");

        var records = output.Records("contacts").ToList();
        Assert.Equal(1, simulator.Stats.JobsCreated);
        Assert.Equal(3, simulator.Stats.Polls);
        Assert.Equal(3, simulator.Stats.DownloadsCompleted);
        Assert.Equal(RealManifestRun.ExpectedForCompletedJobs(simulator), RealManifestRun.Checksum(records));
        Assert.All(records, r => Assert.All(r.Keys, k => Assert.Equal(k.ToLowerInvariant(), k)));
        Assert.All(records, r => Assert.False(string.IsNullOrEmpty(r["contact_id"] as string)));
    }

    public static TheoryData<string, string> UnifyStreams() => new()
    {
        { "company", "company" }, { "person", "person" }, { "opportunity", "opportunity" },
        { "event", "events" }, { "sequence_enrollment", "enrollments" }, { "sequence_enrollment_step", "enrollment-steps" },
    };

    [RealManifestsTheory]
    [MemberData(nameof(UnifyStreams))]
    public async Task Read_UnifyQueryJobStream_PagesEveryResultOfTheJob(string stream, string resource)
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 2_500, PollsUntilDone = 3 } });
        var connector = await RealManifestRun.LoadAsync("unify");
        using var session = RealManifestRun.Session(simulator, "https://api.unifygtm.com");
        const string Config = """{"api_key":"sim-key","base_url":"https://api.unifygtm.com","start_date":"2024-01-01T00:00:00Z","page_size":1000,"poll_timeout_minutes":60}""";

        var output = await RealManifestRun.ReadAsync(connector, session, Config, stream);

        var stats = simulator.Stats;
        Assert.Equal(1, stats.JobsCreated);
        Assert.Equal(4, stats.Polls);
        Assert.Equal(3, stats.ResultPages);
        Assert.Equal(simulator.ExpectedForJob(stats.Jobs[0].Id), RealManifestRun.Checksum(output.Records(stream)));
        Assert.All(output.Records(stream), r => Assert.Equal(resource, r["object"]));
    }

    /// <summary>
    /// app_download sits under a five-level parent chain (apps, report requests, reports, instances, segments); this runs
    /// its AsyncRetriever directly on a hand-made segment partition shaped as that chain produces it.
    /// </summary>
    [RealManifestsFact]
    public async Task Read_AppStoreConnectAppDownload_ResolvesTheSegmentAndReadsItsGzipTsv()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Knobs = new Knobs { Rows = 400 }, JwtAudience = "appstoreconnect-v1",
        });
        var connector = await RealManifestRun.LoadAsync("app-store-connect");
        var stream = connector.FindStream("app_download")!;
        Assert.True(stream.IsSupported, string.Join("\n", stream.UnsupportedReasons));
        var retriever = Assert.IsAssignableFrom<IRetriever>(stream.Retriever);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var config = new Dictionary<string, object?>
        {
            ["secret_key"] = key.ExportPkcs8PrivateKeyPem(), ["kid"] = "KEY123", ["iss"] = "issuer-1",
            ["analytics_reports_start_date"] = "2020-01-01",
        };
        var events = new AsyncHarness.EventLog();
        using var session = RealManifestRun.Session(simulator, "https://api.appstoreconnect.apple.com", events);
        var context = new RetrievalContext
        {
            StreamName = "app_download",
            Transformations = stream.Transformations,
            Session = session,
            Scope = new TemplateScope(new Dictionary<string, object?> { ["config"] = config }, session.Run.Time),
            State = new StreamStateStore(),
            JobBudget = new JobBudget(1),
        };
        var partition = JsonValues.Parse("""
            {"segment_id":"segment-7","parent_slice":{"instance_id":"instance-3","parent_slice":{"report_id":"report-2",
             "parent_slice":{"parent_slice":{"app_id":"app-1"}}}}}
            """) as Dictionary<string, object?>;
        var extra = JsonValues.Parse("""{"app_id":"app-1","report_id":"report-2","instance_id":"instance-3","access_type":"ONGOING"}""") as Dictionary<string, object?>;

        var result = await AsyncHarness.ReadAsync(retriever, context, OneSlice(new StreamSlice(partition!, JsonValues.NewObject(), extra!)));

        Assert.Equal(400, result.Records.Count);
        Assert.Equal(simulator.ExpectedForJob("segment-7"), RealManifestRun.Checksum(result.Records, "app_id", "report_id", "processing_date", "instance_id", "access_type"));
        Assert.All(result.Records, r =>
        {
            Assert.Equal("app-1", r["app_id"]);
            Assert.Equal("report-2", r["report_id"]);
            Assert.Equal("instance-3", r["instance_id"]);
            Assert.Equal("ONGOING", r["access_type"]);
            Assert.Equal(r["Date"], r["processing_date"]);
        });
        Assert.Equal(0, simulator.Stats.Unauthorized);
    }

    private static async IAsyncEnumerable<StreamSlice> OneSlice(StreamSlice slice)
    {
        await Task.CompletedTask;
        yield return slice;
    }
}
