using Spectre.Console;

namespace Siphon.Cli.Sync;

/// <summary>The table printed when a sync ends: what each stream brought, and what went wrong.</summary>
internal static class SyncSummary
{
    public static void Print(IReadOnlyList<StreamSyncResult> results, string destination, bool cancelled)
    {
        var table = new Table().AddColumns("Stream", "Status", "Records", "Jobs", "Polls", "Time");
        foreach (var r in results)
            table.AddRow(Markup.Escape(r.Stream), r.Error is not null ? "[red]failed[/]" : r.Stopped ? "[yellow]stopped[/]" : "[green]ok[/]", r.Records.ToString("N0"),
                r.Jobs.ToString(), r.Polls.ToString(), $"{r.Duration.TotalSeconds:0.0} s");
        AnsiConsole.Write(table);
        foreach (var r in results.Where(r => r.Error is not null))
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(r.Stream)}:[/] {Markup.Escape(r.Error!)}");
        AnsiConsole.MarkupLine(cancelled
            ? $"[yellow]Stopped.[/] Rows and state up to the last checkpoint are kept in {Markup.Escape(destination)}; the next sync resumes from there."
            : $"Data in [bold]{Markup.Escape(destination)}[/].");
    }
}
