using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Siphon.Simulator;

/// <summary>
/// A running simulator on 127.0.0.1. Start one per test (port 0 picks a free port):
/// <code>
/// await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 100 } }, ct);
/// var http = new HttpClient { BaseAddress = sim.BaseUrl };
/// </code>
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorContext _context;
    private readonly ObservabilityEndpoints _observability;

    private SimulatorHost(WebApplication app, SimulatorContext context, ObservabilityEndpoints observability, Uri baseUrl, IReadOnlyList<string> routes)
    {
        _app = app;
        _context = context;
        _observability = observability;
        BaseUrl = baseUrl;
        Routes = routes;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:51234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every route, one "METHOD path  description" line each.</summary>
    public IReadOnlyList<string> Routes { get; }

    public SimulatorOptions Options => _context.Options;

    /// <summary>The same snapshot <c>GET /__stats</c> returns.</summary>
    public SimulatorStatsSnapshot Stats => _context.Stats.Snapshot(_context.Jobs, _context.Now);

    /// <summary>The record count and checksum of every record a job's files hold (as <c>/__expected?job=</c>).</summary>
    public ExpectedRecords ExpectedForJob(string jobId, CancellationToken cancellationToken = default) =>
        _observability.ExpectedForJob(jobId, cancellationToken);

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, OwnerControlledLifetime>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Kestrel drops responses slower than 240 B/s by default; throttled downloads and slow test clients are the point here.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        var context = new SimulatorContext(options);
        var jobs = new JobEndpoints(context);
        ISimulatorFamily[] families =
        [
            new ContactsExportFamily(jobs), new ReportsFamily(jobs), new RequestReplyFamily(jobs), new BulkQueryFamily(jobs),
            new ListsFamily(jobs), new SegmentsFamily(jobs),
        ];
        var routes = new List<string>();
        var observability = new ObservabilityEndpoints(context, families, () => routes);
        foreach (var family in families)
        {
            family.Map(app);
            routes.AddRange(family.Routes);
        }

        new FileDownloads(jobs).Map(app);
        routes.Add($"GET    {FileDownloads.Route}?nonce=&expires=&sig=   presigned download (no auth; Range when enabled)");
        observability.Map(app);
        routes.AddRange(observability.Routes);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new SimulatorHost(app, context, observability, baseUrl, routes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5));
        await _app.DisposeAsync();
    }

    /// <summary>The process is not ours to stop: Ctrl+C and SIGTERM are left to whoever started the simulator.</summary>
    private sealed class OwnerControlledLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
