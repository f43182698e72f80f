using System.CommandLine;
using Siphon.Cli.Commands;

namespace Siphon.Cli;

/// <summary>The root of the `siphon` command line: every sub-command registers itself here.</summary>
internal static class SiphonCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Siphon: declarative API connectors (Airbyte low-code manifests), async export jobs included.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(ProtocolCommands.Spec());
        root.Subcommands.Add(ProtocolCommands.Discover());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ReadCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(Commands.SimulateCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root.Parse(args).InvokeAsync();
    }
}
