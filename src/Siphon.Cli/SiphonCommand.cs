using System.CommandLine;
using Siphon.Cli.Commands;

namespace Siphon.Cli;

/// <summary>The root of the `siphon` command line: every sub-command registers itself here.</summary>
internal static class SiphonCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new StopSignal();
        var root = new RootCommand("Siphon: declarative API connectors (Airbyte low-code manifests), async export jobs included.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(ProtocolCommands.Spec());
        root.Subcommands.Add(ProtocolCommands.Discover());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ReadCommand.Create(stop));
        root.Subcommands.Add(SyncCommand.Create(stop));
        root.Subcommands.Add(DemoCommand.Create(stop));
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(Commands.SimulateCommand.Create());
        root.Subcommands.Add(TestCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        // No termination timeout: the StopSignal owns Ctrl+C and SIGTERM, and every command ends on its token.
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, stop.Stopping);
        }
        catch (OperationCanceledException) when (stop.Stopping.IsCancellationRequested)
        {
            return stop.ExitCode;
        }
        catch (Exception e)
        {
            return new UnexpectedError(args).Report(e, Console.Error);
        }
    }
}
