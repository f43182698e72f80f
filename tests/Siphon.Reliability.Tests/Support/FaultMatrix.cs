using System.Collections.Concurrent;
using System.Text;

namespace Siphon.Reliability.Tests.Support;

/// <summary>
/// The fault × step → outcome table of one test run, shared by the matrix's cells (an xunit class fixture): each cell
/// adds its row, and the table is written to <c>fault-matrix.md</c> in the test output folder when the class is done.
/// </summary>
public sealed class FaultMatrix : IDisposable
{
    private readonly ConcurrentDictionary<string, Row> _rows = new();

    public sealed record Row(string Fault, string Step, string Expected, string Observed, long Jobs, long Records, bool Passed);

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "fault-matrix.md");

    public void Add(string cell, Row row) => _rows[cell] = row;

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine("| Fault | Step | Expected | Observed | Jobs created | Records | |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var row in _rows.Values.OrderBy(r => r.Step, StringComparer.Ordinal).ThenBy(r => r.Fault, StringComparer.Ordinal))
            text.AppendLine($"| {row.Fault} | {row.Step} | {row.Expected} | {Cell(row.Observed)} | {row.Jobs} | {row.Records} | {(row.Passed ? "ok" : "FAILED")} |");
        return text.ToString();
    }

    private static string Cell(string text)
    {
        var flat = text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        return flat.Length <= 160 ? flat : flat[..160] + "…";
    }

    public void Dispose() => File.WriteAllText(Path, "# Fault matrix\n\n" + Table());
}
