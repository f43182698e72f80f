using System.CommandLine;
using Siphon.Simulator;

namespace Siphon.Cli.Commands;

/// <summary>`siphon simulate`: runs the export-API simulator on 127.0.0.1 until Ctrl+C.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = a free port)", DefaultValueFactory = _ => 0 };
        var scenario = new Option<FileInfo?>("--scenario") { Description = "A scenario JSON file (seed, credentials, knobs, per-family knobs)" };
        var knobs = new Option<string?>("--knobs") { Description = "Knob overrides as a JSON object, applied to every family, e.g. {\"rows\":100000}" };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the generated data" };
        var command = new Command("simulate", "Run the export-API simulator (async job APIs, paginated lists) for demos, tests and benchmarks")
        {
            port, scenario, knobs, seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            SimulatorOptions options;
            try
            {
                options = Build(parse.GetValue(port), parse.GetValue(scenario), parse.GetValue(knobs), parse.GetValue(seed));
            }
            catch (Exception e) when (e is KnobException or IOException or System.Text.Json.JsonException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            await using var sim = await SimulatorHost.StartAsync(options, ct);
            Console.WriteLine($"Siphon simulator listening on {sim.BaseUrl}");
            Console.WriteLine($"Bearer token: {options.BearerToken}   API key ({options.ApiKeyHeader}): {options.ApiKey}   seed: {options.Seed}");
            Console.WriteLine();
            foreach (var route in sim.Routes)
            {
                Console.WriteLine(route);
            }

            Console.WriteLine();
            Console.WriteLine("Per-request knobs: header X-Sim-Knobs: {\"rows\":100,...} or query sim.rows=100. Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the normal way to stop.
            }

            return 0;
        });
        return command;
    }

    internal static SimulatorOptions Build(int port, FileInfo? scenario, string? knobs, ulong? seed)
    {
        var options = scenario is null ? new SimulatorOptions() : SimulatorScenario.Load(scenario.FullName);
        if (port != 0) options = options with { Port = port };
        if (seed is not null) options = options with { Seed = seed.Value };
        if (knobs is not null)
        {
            var overrides = KnobJson.ParseOverrides(knobs);
            options = options with
            {
                Knobs = KnobJson.Apply(options.Knobs, overrides),
                FamilyKnobs = options.FamilyKnobs.ToDictionary(f => f.Key, f => KnobJson.Apply(f.Value, overrides)),
            };
        }

        return options;
    }
}
