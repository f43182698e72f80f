using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siphon.Builder.Projects;
using Siphon.Builder.Sessions;
using Siphon.Source;
using Siphon.Testing;

namespace Siphon.Builder.Tests.Sessions;

public sealed class ProjectTestRunsTests : IAsyncLifetime
{
    private const string RotatedRefreshToken = "rt-rotated-51c2";
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("siphon-projects-");
    private WebApplication _api = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _api = LoopbackApp.Create();
        // Every refresh hands out a new refresh token; the old one is spent.
        _api.MapPost("/token", () => Results.Json(new { access_token = "at-9d0e", refresh_token = RotatedRefreshToken, expires_in = 3600 }));
        _api.MapGet("/items", () => Results.Json(new[] { new { id = 1 } }));
        await _api.StartAsync();
        _baseUrl = _api.Urls.First().TrimEnd('/');
    }

    [Fact]
    public async Task Start_RunRotatesTheRefreshTokenWithNoTabWatching_KeepsTheRotatedTokenInTheProjectsTestingValues()
    {
        var (project, values, loaded) = await ProjectWithRefreshTokenAsync("p");
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var runs = new ProjectTestRuns(new TestReadRuns(TimeProvider.System), TimeProvider.System, ProjectTestRuns.DefaultGrace);

        // Started as a tab would, then never watched: the tab that started it is gone.
        var started = runs.Start(project, "items", loaded.Definition!, values, new TestReadRequest { Stream = "items" });
        await started.Settled.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("completed", started.Run.Status);
        var saved = await project.ReadTestingValuesAsync(CancellationToken.None);
        Assert.Equal(RotatedRefreshToken, ((IReadOnlyDictionary<string, object?>)saved["credentials"]!)["refresh_token"]);
        Assert.Equal("ada", saved["client_id"]);
        Assert.Null(started.ConfigNotKept);
    }

    [Fact]
    public async Task Start_WithTheStreamsDefinitionHash_KeepsItsRecordOnDiskWithoutSecrets_AndARestartReadsIt()
    {
        var (project, values, loaded) = await ProjectWithRefreshTokenAsync("kept");
        var records = new Siphon.Builder.TestRecords.StreamTestRecords();
        var runs = new ProjectTestRuns(new TestReadRuns(TimeProvider.System), TimeProvider.System, ProjectTestRuns.DefaultGrace, records);

        var started = runs.Start(project, "items", loaded.Definition!, values, new TestReadRequest { Stream = "items" }, definitionHash: "h-1");
        await started.Settled.WaitAsync(TimeSpan.FromSeconds(30));

        var file = Path.Combine(project.Directory, Siphon.Builder.TestRecords.StreamTestRecords.Folder, "items.json");
        var text = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain("rt-first-0b3d", text);
        Assert.DoesNotContain(RotatedRefreshToken, text);
        Assert.DoesNotContain("at-9d0e", text);
        var reread = new Siphon.Builder.TestRecords.StreamTestRecords().Find(project, "items");
        Assert.NotNull(reread);
        Assert.Equal("h-1", reread.DefinitionHash);
        Assert.Equal(1, reread.Result.RecordCount);
    }

    private async Task<(ConnectorProject Project, Dictionary<string, object?> Values, LoadedConnector Loaded)> ProjectWithRefreshTokenAsync(string name)
    {
        var project = await new ProjectStore(_root.FullName).CreateAsync(name, null, CancellationToken.None);
        var values = (Dictionary<string, object?>)Siphon.Values.JsonValues.Parse("""{"client_id": "ada", "credentials": {"refresh_token": "rt-first-0b3d"}}""")!;
        await project.SaveTestingValuesAsync(values, CancellationToken.None);
        return (project, values, ConnectorLoader.Parse("manifest.yaml", Manifest));
    }

    private string Manifest => TestManifests.HeaderWithSpec("""
        client_id: { type: string }
        credentials:
          type: object
          properties:
            refresh_token: { type: string, airbyte_secret: true }
        """) + TestManifests.ItemsStream($"{_baseUrl}/items", requester: $$$"""
        authenticator:
          type: OAuthAuthenticator
          token_refresh_endpoint: "{{{_baseUrl}}}/token"
          client_id: "{{ config['client_id'] }}"
          refresh_token: "{{ config['credentials']['refresh_token'] }}"
          refresh_token_updater: {}
        """);

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
