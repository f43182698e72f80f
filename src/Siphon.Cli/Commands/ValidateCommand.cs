using System.CommandLine;
using Siphon.Manifest;
using Siphon.Source;

namespace Siphon.Cli.Commands;

/// <summary><c>siphon validate MANIFEST</c>: every problem at once, or a one-line summary of the streams (<c>--summary DIR...</c>: see <see cref="CompatibilitySummary"/>).</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifests = new Argument<string[]>("manifest") { Description = "Path of the manifest (YAML) to check; with --summary, folders searched for manifest.yaml files.", Arity = ArgumentArity.OneOrMore };
        var summary = new Option<bool>("--summary") { Description = "Load every manifest.yaml under the folders and print a compatibility report (Markdown): which load, which streams can run and why the others cannot." };
        var command = new Command("validate", "Check a manifest and list its streams, or report every problem with its line, column and field path.") { manifests, summary };
        command.SetAction((result, cancellationToken) =>
        {
            var paths = result.GetValue(manifests)!;
            if (result.GetValue(summary)) return CompatibilitySummary.RunAsync(paths, cancellationToken);
            if (paths.Length == 1) return RunAsync(paths[0], cancellationToken);
            Output.Error("validate takes one manifest (use --summary for folders of manifests)");
            return Task.FromResult(ExitCodes.Usage);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            Output.Error($"manifest file not found: {path}");
            return ExitCodes.Usage;
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var loaded = ConnectorLoader.Parse(path, text);
        foreach (var problem in loaded.Problems) Output.Problem(problem);
        if (loaded.HasErrors)
        {
            var count = loaded.Errors.Count();
            Output.Error($"{path}: {count} error{(count == 1 ? "" : "s")}");
            return ExitCodes.InvalidManifest;
        }
        Console.Out.WriteLine(Summary(path, loaded.Definition!));
        return ExitCodes.Success;
    }

    internal static string Summary(string path, ConnectorDefinition definition)
    {
        string Group(StreamKind kind, string word)
        {
            var names = definition.Streams.Where(s => s.Kind == kind).Select(s => s.IsSupported ? s.Name : s.Name + "*").ToList();
            return names.Count == 0 ? "" : $"{names.Count} {word} ({string.Join(", ", names)})";
        }
        var groups = new[] { Group(StreamKind.Asynchronous, "asynchronous"), Group(StreamKind.Synchronous, "synchronous"), Group(StreamKind.Unknown, "custom") }
            .Where(g => g.Length > 0);
        var unsupported = definition.Streams.Count(s => !s.IsSupported);
        var tail = unsupported == 0 ? "" : $"; {unsupported} marked * cannot run in Siphon yet";
        return $"{path}: valid, {definition.Streams.Count} stream{(definition.Streams.Count == 1 ? "" : "s")}: {string.Join(", ", groups)}{tail}";
    }
}
