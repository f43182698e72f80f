using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Siphon.Builder.Components;
using Siphon.Builder.Projects;
using Siphon.Builder.Sessions;
using Siphon.Builder.TestRecords;

namespace Siphon.Builder;

/// <summary>Where the builder keeps projects: a root folder of projects, and optionally one project folder to open first.</summary>
public sealed record BuilderOptions
{
    public int Port { get; init; }
    public string ProjectsRoot { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".siphon", "projects");
    public string? Project { get; init; }

    /// <summary>Let test reads reach link-local and cloud-metadata addresses (refused by default: a page could choose the URL).</summary>
    public bool AllowLinkLocal { get; init; }

    /// <summary>The largest request body the builder reads (a manifest with its testing values, a cassette to replay).</summary>
    public long MaxRequestBodyBytes { get; init; } = DefaultMaxRequestBodyBytes;

    public const long DefaultMaxRequestBodyBytes = 8 << 20;

    /// <summary>The per-launch secret every request must carry (<see cref="BuilderAccess"/>); a new random one when null.</summary>
    public string? AccessToken { get; init; }

    /// <summary>How long a test run nobody watches (its tab closed or reloaded) goes on before it is cancelled.</summary>
    public TimeSpan UnwatchedTestGrace { get; init; } = ProjectTestRuns.DefaultGrace;
}

/// <summary>The builder's server on loopback (for <c>siphon serve</c> and tests): the Blazor UI and the HTTP API; <c>port: 0</c> picks a free port.</summary>
public sealed class BuilderHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BuilderHost(WebApplication app, Uri baseUrl, string accessToken)
    {
        _app = app;
        BaseUrl = baseUrl;
        AccessToken = accessToken;
    }

    public Uri BaseUrl { get; }

    /// <summary>The per-launch secret: send it as <c>Authorization: Bearer</c>, or open <see cref="LaunchUrl"/> once.</summary>
    public string AccessToken { get; }

    /// <summary>The URL to print and open: it carries the access token, which the builder turns into a cookie.</summary>
    public Uri LaunchUrl => new($"{BaseUrl}?{BuilderAccess.TokenParameter}={AccessToken}");

    public IServiceProvider Services => _app.Services;

    public static Task<BuilderHost> StartAsync(int port = 0, CancellationToken cancellationToken = default) =>
        StartAsync(new BuilderOptions { Port = port, ProjectsRoot = Path.Combine(Path.GetTempPath(), "siphon-builder-projects") }, cancellationToken);

    public static async Task<BuilderHost> StartAsync(BuilderOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.AddSiphonBuilder(refuseLinkLocal: !options.AllowLinkLocal);
        var access = new BuilderAccess(options.AccessToken ?? BuilderAccess.NewToken());
        builder.Services.AddSingleton(new ProjectStore(options.ProjectsRoot, options.Project));
        builder.Services.AddScoped<BuilderSession>();
        builder.Services.AddSingleton<StreamTestRecords>();
        builder.Services.AddSingleton(sp => new ProjectTestRuns(sp.GetRequiredService<TestReadRuns>(), sp.GetRequiredService<TimeProvider>(), options.UnwatchedTestGrace,
            sp.GetRequiredService<StreamTestRecords>()));
        builder.Services.AddScoped<CircuitConnection>();
        builder.Services.AddScoped<EditorFocus>();
        builder.Services.AddScoped<CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        var app = builder.Build();
        app.Use(access.InvokeAsync);
        app.UseAntiforgery();
        MapAssets(app);
        app.MapGet("/projects/{name}/manifest.yaml", (string name, ProjectStore store) =>
            store.Find(name) is { } project && File.Exists(project.ManifestPath)
                ? Results.File(project.ManifestPath, "application/yaml", "manifest.yaml")
                : Results.NotFound());
        app.MapSiphonBuilderApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BuilderHost(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"), access.Token);
    }

    // The assets are embedded in this assembly, so the builder works the same from `siphon`, an installed tool or a test.
    private static void MapAssets(WebApplication app)
    {
        foreach (var (route, resource, type) in new[]
        {
            ("/_framework/blazor.web.js", "assets/blazor.web.js", "text/javascript"),
            ("/builder.css", "assets/builder.css", "text/css"),
            ("/builder.js", "assets/builder.js", "text/javascript"),
        })
        {
            app.MapGet(route, () =>
            {
                var stream = typeof(BuilderHost).Assembly.GetManifestResourceStream(resource);
                return stream is null ? Results.NotFound() : Results.Stream(stream, type);
            });
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
