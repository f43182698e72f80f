using System.CommandLine;
using System.Reflection;
using DuckDB.NET.Data;
using Siphon.Cli.Sync;
using Siphon.Simulator;
using Siphon.Source;
using Siphon.Values;
using Spectre.Console;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>siphon demo</c>: starts the export-API simulator in-process on a free loopback port and syncs two built-in
/// examples (a contacts export and ads reports) into a DuckDB file through the same code as <c>siphon sync</c>,
/// then checks the rows against what the simulator says it served. Works offline.
/// </summary>
internal static class DemoCommand
{
    private static readonly (string Name, string Resource, string Stream, string Family)[] Examples =
    [
        ("contacts export", "examples/contacts-export/manifest.yaml", "contacts", "contacts"),
        ("ads reports", "examples/ads-report/manifest.yaml", "ad_reports", "reports"),
    ];

    public static Command Create(StopSignal stop)
    {
        var output = new Option<string>("--output", "-o") { Description = "The DuckDB file to write.", DefaultValueFactory = _ => "siphon-demo.duckdb" };
        var rows = new Option<long>("--rows") { Description = "Rows per export job.", DefaultValueFactory = _ => 5000 };
        var command = new Command("demo", "Run the built-in export-API simulator and sync two example connectors into DuckDB.") { output, rows };
        command.SetAction((result, _) => RunAsync(result.GetValue(output)!, result.GetValue(rows), stop));
        return command;
    }

    private static async Task<int> RunAsync(string path, long rows, StopSignal stop)
    {
        var cancellationToken = stop.Stopping;
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new Knobs { Rows = rows, Files = 2, PollsUntilDone = 2 } }, cancellationToken);
        var baseUrl = simulator.BaseUrl.ToString().TrimEnd('/');
        AnsiConsole.MarkupLine($"[bold]Siphon demo[/]: the export-API simulator is running at {baseUrl}");
        foreach (var suffix in new[] { "", ".wal" }) File.Delete(path + suffix);

        var exit = ExitCodes.Success;
        foreach (var example in Examples)
        {
            AnsiConsole.MarkupLine($"\n[bold]{example.Name}[/] ({example.Resource}): create a job, poll it, download its files into {Markup.Escape(path)}");
            var loaded = ConnectorLoader.Parse(example.Resource, ReadResource(example.Resource));
            var config = JsonValues.NewObject();
            config["api_key"] = example.Family == "contacts" ? simulator.Options.BearerToken : simulator.Options.ApiKey;
            config["base_url"] = baseUrl;
            var input = ConnectorInput.FromLoaded(loaded, config, new ConsoleReporter());
            if (input is null) return ExitCodes.InvalidManifest;
            var result = await SyncCommand.RunAsync(input, new SyncOptions(path, [example.Stream], FullRefresh: true), stop);
            if (cancellationToken.IsCancellationRequested) return result;
            if (result != ExitCodes.Success) exit = result;
        }

        await VerifyAsync(simulator, path, cancellationToken);
        // Plain lines: commands must stay copyable, never wrapped.
        Console.WriteLine();
        var siphon = InvokedAs();
        Console.WriteLine("Next");
        Console.WriteLine($"  Query the data:      duckdb {path} \"SELECT count(*) FROM contacts\"");
        Console.WriteLine($"  Protocol output:     {siphon} read --manifest examples/contacts-export/manifest.yaml --config examples/contacts-export/config.json");
        Console.WriteLine($"  Your own simulator:  {siphon} simulate --port 8765   (the examples' configs point there)");
        Console.WriteLine($"  Validate a manifest: {siphon} validate MANIFEST");
        return exit;
    }

    /// <summary>
    /// How the user can run siphon again: <c>siphon</c> when it is on the PATH (an installed tool), else the way a clone
    /// runs it, else this program's own path.
    /// </summary>
    private static string InvokedAs()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, OperatingSystem.IsWindows() ? "siphon.exe" : "siphon")));
        if (onPath) return "siphon";
        if (File.Exists(Path.Combine("src", "Siphon.Cli", "Siphon.Cli.csproj"))) return "dotnet run --project src/Siphon.Cli --";
        return Environment.ProcessPath ?? "siphon";
    }

    /// <summary>Compares each table with the records the simulator's completed jobs hold, and shows a few rows.</summary>
    private static async Task VerifyAsync(SimulatorHost simulator, string path, CancellationToken cancellationToken)
    {
        await using var connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        await connection.OpenAsync(cancellationToken);
        var table = new Table().AddColumns("Table", "Rows in DuckDB", "Records the simulator served", "Check");
        foreach (var example in Examples)
        {
            var expected = simulator.Stats.Jobs.Where(j => j.Family == example.Family && j.Phase == JobPhase.Completed)
                .Sum(j => simulator.ExpectedForJob(j.Id, cancellationToken).Records);
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{example.Stream}\"";
            var actual = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            table.AddRow(example.Stream, actual.ToString("N0"), expected.ToString("N0"), actual == expected ? "[green]match[/]" : "[red]differ[/]");
        }
        AnsiConsole.Write(table);

        await using var sample = connection.CreateCommand();
        sample.CommandText = "SELECT email, first_name, last_name, city FROM contacts ORDER BY email LIMIT 5";
        await using var reader = await sample.ExecuteReaderAsync(cancellationToken);
        var rows = new Table().Title("A few contacts");
        for (var i = 0; i < reader.FieldCount; i++) rows.AddColumn(reader.GetName(i));
        while (await reader.ReadAsync(cancellationToken))
            rows.AddRow(Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "")).ToArray());
        AnsiConsole.Write(rows);
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"built-in example {name} is missing from the siphon assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
