using System.Diagnostics;
using Siphon.Manifest;
using Siphon.Source;

namespace Siphon.Tests.Manifest;

/// <summary>
/// Manifests built to break the loader (found by <see cref="Fuzzing.ManifestFuzzTests"/> or written as attacks) end in a
/// problem with a position, quickly, never in an exception, a stack overflow or an exponential expansion.
/// </summary>
public sealed class HostileManifestTests
{
    public static TheoryData<string, string, ManifestErrorKind, string> Cases => new()
    {
        { "empty $ref", "version: 1\nstreams:\n  - $ref: \"\"\n", ManifestErrorKind.InvalidReference, "'$ref' must be a reference such as \"#/definitions/name\", not ''" },
        { "$ref without #/", "version: 1\nstreams:\n  - $ref: definitions/a\n", ManifestErrorKind.InvalidReference, "not 'definitions/a'" },
        { "$ref of a lone #", "version: 1\nstreams:\n  - $ref: \"#\"\n", ManifestErrorKind.InvalidReference, "not '#'" },
        { "YamlDotNet scanner failure on a brace run", "a: \"x\"\n\n        {{type: y\n\ncheck:\n  type: z\n", ManifestErrorKind.Syntax, "the text after this point cannot be read" },
        { "deep flow lists", "streams: " + new string('[', 50_000) + new string(']', 50_000) + "\n", ManifestErrorKind.Syntax, "nests deeper than 200 levels" },
        { "deep flow maps", "streams: " + string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000) + "\n", ManifestErrorKind.Syntax, "nests deeper than 200 levels" },
        { "deep block lists", "streams:\n" + string.Concat(Enumerable.Range(0, 3_000).Select(i => new string(' ', i) + "-\n")), ManifestErrorKind.Syntax, "nests deeper than 200 levels" },
        { "billion laughs", BillionLaughs(), ManifestErrorKind.Syntax, "makes the manifest expand to more than 1,000,000 nodes" },
        { "aliases repeating a 300 KB string", RepeatedString(alias: true), ManifestErrorKind.Syntax, "alias '*big' makes the manifest expand to more than 32 MB of text" },
        { "references repeating a 300 KB string", RepeatedString(alias: false), ManifestErrorKind.InvalidReference, "reference '#/definitions/big' makes the manifest expand to more than 32 MB of text" },
        { "deep references", DeepReferences(5_000), ManifestErrorKind.InvalidReference, "references nest deeper than 200 levels" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_HostileManifest_ReportsAProblemQuickly(string name, string yaml, ManifestErrorKind kind, string message)
    {
        var clock = Stopwatch.StartNew();
        LoadedConnector? loaded = null;
        // A thread with a small stack: a recursion the limits should have stopped shows up as a crash here, not in production.
        var thread = new Thread(() => loaded = ConnectorLoader.Parse("manifest.yaml", yaml), 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), $"{name}: still loading after 20 s");
        clock.Stop();

        Assert.NotNull(loaded);
        var problem = loaded.Problems.FirstOrDefault(p => p.Kind == kind);
        Assert.True(problem is not null, $"{name}: no {kind} among: {string.Join(" | ", loaded.Problems)}");
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Position.Line >= 1 && problem.Position.Column >= 1, problem.ToString());
        Assert.True(loaded.HasErrors);
    }

    private static string BillionLaughs()
    {
        var yaml = new System.Text.StringBuilder("version: 1\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
            yaml.Append($"l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        return yaml.Append("streams: *l9\n").ToString();
    }

    /// <summary>The 1.1 MB request that made the builder allocate 15 GB: a 300 KB string repeated by aliases (or references) a few thousand times.</summary>
    private static string RepeatedString(bool alias)
    {
        var big = new string('x', 300_000);
        var use = alias ? "*big" : "\"#/definitions/big\"";
        return $"version: 1\ndefinitions:\n  big: {(alias ? "&big " : "")}{big}\nstreams: [{string.Join(", ", Enumerable.Repeat(use, 4_000))}]\n";
    }

    private static string DeepReferences(int depth)
    {
        // Each definition points at the next one, so resolving the first walks the whole chain at once.
        var yaml = new System.Text.StringBuilder("version: 1\ndefinitions:\n");
        for (var i = 0; i < depth - 1; i++) yaml.Append($"  d{i}: {{ $ref: \"#/definitions/d{i + 1}\" }}\n");
        return yaml.Append($"  d{depth - 1}: {{ name: x }}\nstreams:\n  - $ref: \"#/definitions/d0\"\n").ToString();
    }
}
