using System.Text.Json.Nodes;
using Siphon.Cli.Tests.Support;
using Siphon.Manifest;
using Siphon.Simulator;
using Siphon.Values;

namespace Siphon.Cli.Tests;

/// <summary>
/// The connector image built from the repository's Dockerfile (docker/ci-image.sh builds it; CI exports
/// SIPHON_IMAGE), run as the Airbyte platform runs a source: the command and file arguments, files mounted, JSON
/// lines on stdout. Each read is compared with `siphon read` run outside the container against a fresh simulator, so
/// the container must deliver the same records and states. The container reaches the simulator on the host's
/// loopback through podman's host network.
/// </summary>
[Trait("Category", "Long")]
public sealed class ContainerImageTests : IDisposable
{
    private readonly TempFolder _dir = new("siphon-image-");

    public ContainerImageTests()
    {
        // The image runs as an unprivileged user, which must be able to read the mounted files.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public void Dispose() => _dir.Dispose();

    [ImageFact]
    public async Task Spec_GenericImage_AsksForTheManifestInTheConfig()
    {
        var result = await RunImageAsync(ImageFactAttribute.Generic, "spec");

        var spec = ProtocolSchema.ValidMessages(result.StandardOutput).Single(m => (string?)m["type"] == "SPEC");
        var schema = spec["spec"]!["connectionSpecification"]!;
        Assert.Equal(["__injected_declarative_manifest"], schema["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("object", (string?)schema["properties"]!["__injected_declarative_manifest"]!["type"]);
        // The spec names the same version and commit as the image's labels and `siphon --version`.
        var version = (await SiphonProcess.RunAsync("--version")).StandardOutput.Trim();
        Assert.StartsWith($"Siphon {version}:", (string?)schema["description"]);
    }

    [ImageFact]
    public async Task SpecCheckDiscover_BakedImage_AnswerAsTheCliDoesOutsideTheContainer()
    {
        await using var simulator = await StartSimulatorAsync();
        var config = _dir.Write("config.json", ContactsConfig(simulator).ToJsonString());

        var spec = await RunImageAsync(ImageFactAttribute.Baked, "spec");
        var check = await RunImageAsync(ImageFactAttribute.Baked, "check", "--config", Mounted(config));
        var discover = await RunImageAsync(ImageFactAttribute.Baked, "discover", "--config", Mounted(config));

        var hostSpec = await SiphonProcess.RunAsync("spec", "--manifest", ContactsManifest);
        var hostDiscover = await SiphonProcess.RunAsync("discover", "--manifest", ContactsManifest, "--config", config);
        Assert.Equal(Messages(hostSpec, "SPEC"), Messages(spec, "SPEC"));
        Assert.Equal(Messages(hostDiscover, "CATALOG"), Messages(discover, "CATALOG"));
        var status = ProtocolSchema.ValidMessages(check.StandardOutput).Single(m => (string?)m["type"] == "CONNECTION_STATUS");
        Assert.Equal("SUCCEEDED", (string?)status["connectionStatus"]!["status"]);
        AssertNoSecret(spec, check, discover);
    }

    [ImageFact]
    public async Task Read_BakedAsyncExport_DeliversTheRecordsAndStatesOfAHostRead()
    {
        var catalog = _dir.Write("catalog.json", Catalog("contacts", "full_refresh"));
        var state = _dir.Write("state.json", "[]");

        var host = await ReadTwiceAsync(ImageFactAttribute.Baked, ContactsConfig,
            (config, _) => ["read", "--manifest", ContactsManifest, "--config", config, "--catalog", catalog, "--state", state],
            (config, _) => ["read", "--config", Mounted(config), "--catalog", Mounted(catalog), "--state", Mounted(state)]);

        Assert.Equal(250, host.Records);
    }

    [ImageFact]
    public async Task Read_GenericImageWithInjectedManifestAndState_ResumesAsAHostRead()
    {
        var catalog = _dir.Write("catalog.json", Catalog("items", "incremental"));
        var state = _dir.Write("state.json", """
            [{"type":"STREAM","stream":{"stream_descriptor":{"name":"items"},"stream_state":{"updated_at":"2024-01-06T00:00:00Z"}}}]
            """);
        var manifest = Path.Combine(SiphonProcess.RepositoryRoot, "examples", "incremental-list", "manifest.yaml");

        var host = await ReadTwiceAsync(ImageFactAttribute.Generic, simulator => Injected(manifest, ContactsConfig(simulator)),
            (config, _) => ["read", "--config", config, "--catalog", catalog, "--state", state],
            (config, _) => ["read", "--config", Mounted(config), "--catalog", Mounted(catalog), "--state", Mounted(state)]);

        // The simulator's 250 items start on 2024-01-01: the resumed read delivers only those updated after the state.
        Assert.InRange(host.Records, 1, 249);
    }

    [ImageFact(needsRealManifests: true)]
    public async Task Read_GenericImageWithARealManifestInjected_DeliversTheRecordsOfAHostRead()
    {
        var manifest = SharedTestData.RealManifests.File(Path.Combine("sendgrid", "manifest.yaml"));
        var catalog = _dir.Write("catalog.json", Catalog("contacts", "full_refresh"));

        var host = await ReadTwiceAsync(ImageFactAttribute.Generic,
            simulator => Injected(manifest, new JsonObject { ["api_key"] = simulator.Options.BearerToken, ["start_date"] = "2024-01-01T00:00:00Z" }),
            (config, simulator) => ["read", "--config", config, "--catalog", catalog, "--map-url", "https://api.sendgrid.com=" + simulator],
            (config, simulator) => ["read", "--config", Mounted(config), "--catalog", Mounted(catalog), "--map-url", "https://api.sendgrid.com=" + simulator]);

        Assert.Equal(250, host.Records);
    }

    private sealed record ReadOutcome(int Records);

    /// <summary>
    /// Reads once outside the container and once inside, each against a fresh simulator (so both see the same jobs
    /// and data), and compares the records (without emitted_at) and each stream's final state. (When intermediate
    /// checkpoints fall depends on timing, and a running job's state carries its creation time.)
    /// </summary>
    private async Task<ReadOutcome> ReadTwiceAsync(string image, Func<SimulatorHost, JsonObject> config,
        Func<string, string, string[]> hostArguments, Func<string, string, string[]> imageArguments)
    {
        SiphonProcess.Result host, inImage;
        await using (var simulator = await StartSimulatorAsync())
        {
            host = await SiphonProcess.RunAsync(hostArguments(_dir.Write("host-config.json", config(simulator).ToJsonString()), BaseUrl(simulator)));
        }
        await using (var simulator = await StartSimulatorAsync())
        {
            inImage = await RunImageAsync(image, imageArguments(_dir.Write("config.json", config(simulator).ToJsonString()), BaseUrl(simulator)));
        }

        Assert.True(host.ExitCode == 0, host.StandardOutput + host.StandardError);
        Assert.True(inImage.ExitCode == 0, inImage.StandardOutput + inImage.StandardError);
        var hostRecords = Records(host);
        Assert.Equal(hostRecords, Records(inImage));
        Assert.Equal(FinalStates(host), FinalStates(inImage));
        AssertNoSecret(inImage);
        return new ReadOutcome(hostRecords.Count);
    }

    private static Task<SimulatorHost> StartSimulatorAsync() =>
        SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = 250, Files = 2, PollsUntilDone = 1, PollIntervalSeconds = 0 } });

    private static string ContactsManifest => Path.Combine(SiphonProcess.RepositoryRoot, "examples", "contacts-export", "manifest.yaml");

    private static string BaseUrl(SimulatorHost simulator) => simulator.BaseUrl.ToString().TrimEnd('/');

    /// <summary>The examples' config (a Bearer token and the API's base URL), pointed at <paramref name="simulator"/>.</summary>
    private static JsonObject ContactsConfig(SimulatorHost simulator) =>
        new() { ["api_key"] = simulator.Options.BearerToken, ["base_url"] = BaseUrl(simulator) };

    /// <summary>The config as the platform hands it to its manifest-only image: the manifest inside, as JSON.</summary>
    private static JsonObject Injected(string manifestPath, JsonObject config)
    {
        var manifest = ManifestDocument.Parse(manifestPath, File.ReadAllText(manifestPath)).Raw!.ToValue();
        config["__injected_declarative_manifest"] = JsonNode.Parse(JsonValues.ToJson(manifest));
        return config;
    }

    private static string Catalog(string stream, string syncMode) => new JsonObject
    {
        ["streams"] = new JsonArray(new JsonObject
        {
            ["stream"] = new JsonObject { ["name"] = stream, ["json_schema"] = new JsonObject(), ["supported_sync_modes"] = new JsonArray("full_refresh", "incremental") },
            ["sync_mode"] = syncMode,
            ["destination_sync_mode"] = "append",
        }),
    }.ToJsonString();

    private string Mounted(string hostPath) => "/secrets/" + Path.GetFileName(hostPath);

    private async Task<SiphonProcess.Result> RunImageAsync(string image, params string[] args)
    {
        string[] podman = ["run", "--rm", "--network=host", "-v", $"{_dir.Path}:/secrets:ro", image, .. args];
        var environment = new Dictionary<string, string> { ["CONTAINERS_CONF"] = Path.Combine(SiphonProcess.RepositoryRoot, "docker", "containers.conf") };
        return await SiphonProcess.RunProgramAsync("podman", podman, environment, TimeSpan.FromMinutes(3));
    }

    private static List<string> Messages(SiphonProcess.Result result, string type) =>
        ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == type).Select(m => m.ToJsonString()).ToList();

    private static List<string> Records(SiphonProcess.Result result) =>
        ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == "RECORD")
            .Select(m => m["record"]!["stream"] + " " + m["record"]!["data"]!.ToJsonString()).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> FinalStates(SiphonProcess.Result result)
    {
        var final = new Dictionary<string, string>();
        foreach (var state in ProtocolSchema.ValidMessages(result.StandardOutput).Where(m => (string?)m["type"] == "STATE"))
            final[(string?)state["state"]!["stream"]!["stream_descriptor"]!["name"] ?? ""] = state["state"]!["stream"]!["stream_state"]!.ToJsonString();
        return final;
    }

    private static void AssertNoSecret(params SiphonProcess.Result[] results)
    {
        foreach (var result in results)
            Assert.DoesNotContain("sim-token", result.StandardOutput + result.StandardError);
    }
}

/// <summary>
/// A test that needs the images docker/ci-image.sh builds: skipped (naming the script and variable) when
/// SIPHON_IMAGE is not set, so a developer's quick loop and a fresh clone pass without podman.
/// </summary>
public sealed class ImageFactAttribute : FactAttribute
{
    public static string Generic => Environment.GetEnvironmentVariable("SIPHON_IMAGE") ?? "";

    public static string Baked => Environment.GetEnvironmentVariable("SIPHON_IMAGE_BAKED") ?? "";

    public ImageFactAttribute(bool needsRealManifests = false)
    {
        if (Generic.Length == 0 || Baked.Length == 0)
            Skip = "no connector image: run docker/ci-image.sh and export the SIPHON_IMAGE and SIPHON_IMAGE_BAKED it prints (.ci/run does)";
        else if (needsRealManifests)
            Skip = SharedTestData.RealManifests.SkipReason;
    }
}
