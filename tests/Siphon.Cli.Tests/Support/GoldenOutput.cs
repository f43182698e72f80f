using System.Text;
using System.Text.RegularExpressions;

namespace Siphon.Cli.Tests.Support;

/// <summary>
/// The bytes `siphon read` wrote to stdout, kept as a golden file under tests/Siphon.Cli.Tests/Golden and compared line
/// by line. Only RECORD and STATE lines are kept: LOG lines (job created, job completed) come from the job orchestrator's
/// threads and land between STATE lines in a different order from run to run, and TRACE lines are stream statuses,
/// not the record path. Within the kept lines, only what differs on every run is replaced by a token:
/// <list type="bullet">
/// <item>a RECORD's own <c>emitted_at</c> (the wall clock when it was written), its last property, never its data;</item>
/// <item>in STATE lines, an async job's <c>created_at</c> (the wall clock when the engine created the job);</item>
/// <item>in STATE lines, the simulator's address (a free port on each run), which the provider's replies carry into the
/// job's durable state (<c>creation_response</c>, a <c>Location</c> header, a job id that is a URL).</item>
/// </list>
/// A missing golden file, or <c>SIPHON_UPDATE_GOLDEN=1</c>, writes the file and fails, so regenerating is an explicit act.
/// </summary>
public static partial class GoldenOutput
{
    public const string UpdateVariable = "SIPHON_UPDATE_GOLDEN";

    /// <summary>The RECORD and STATE lines of <paramref name="stdout"/>, with the tokens above in place.</summary>
    public static string Normalize(string stdout, Uri simulator)
    {
        var address = simulator.GetLeftPart(UriPartial.Authority);
        var kept = new StringBuilder();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("{\"type\":\"RECORD\",", StringComparison.Ordinal))
                kept.Append(RecordEmittedAt().Replace(line, "${head},\"emitted_at\":\"<emitted_at>\"}}", 1));
            else if (line.StartsWith("{\"type\":\"STATE\",", StringComparison.Ordinal))
                kept.Append(JobCreatedAt().Replace(line, "${head}\"<created_at>\"").Replace(address, "http://127.0.0.1:<simulator-port>"));
            else continue;
            kept.Append('\n');
        }
        return kept.ToString();
    }

    /// <summary>
    /// Compares <paramref name="actual"/> with the golden file <paramref name="name"/>.jsonl, failing on the first line that
    /// differs; writes the file instead (and fails saying so) when it is missing or <see cref="UpdateVariable"/> is set.
    /// </summary>
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(SharedTestData.RepositoryRoot, "tests", "Siphon.Cli.Tests", "Golden", name + ".jsonl");
        var update = Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";
        if (update || !File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            Assert.Fail($"golden file {path} {(update ? $"rewritten ({UpdateVariable} is set)" : "was missing and is now written")}: review it, commit it and run again");
        }
        var expected = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        var lines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expected.Length, lines.Length); i++)
        {
            var want = i < expected.Length ? expected[i] : "<end of file>";
            var got = i < lines.Length ? lines[i] : "<end of output>";
            if (want != got)
                Assert.Fail($"output differs from {path} at line {i + 1} (regenerate with {UpdateVariable}=1 if the change is intended)\nexpected: {want}\nactual:   {got}");
        }
    }

    [GeneratedRegex("""^(?<head>.*),"emitted_at":\d+\}\}$""")]
    private static partial Regex RecordEmittedAt();

    [GeneratedRegex("""(?<head>"job_id":"(?:[^"\\]|\\.)*","created_at":)"[^"]*"(?=,"creation_response")""")]
    private static partial Regex JobCreatedAt();
}
