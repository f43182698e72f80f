using FsCheck;
using FsCheck.Fluent;
using Siphon.Components;
using Siphon.Manifest;
using Siphon.Source;
using Siphon.Tests.Support;

namespace Siphon.Tests.Fuzzing;

/// <summary>
/// The manifest loader and validator, fed random documents and damaged real manifests, only ever return problems
/// (each with a file, a line, a column and a message) or a connector: never an exception, never a hang.
/// </summary>
public sealed class ManifestFuzzTests
{
    private static readonly string[] Types = [.. ComponentRegistry.Default.All.Select(s => s.Type), "Nope", "CustomRetriever"];
    private static readonly string[] Keys = [.. ComponentRegistry.Default.All.SelectMany(s => s.Fields.Select(f => f.Name)).Distinct().Order(StringComparer.Ordinal),
        "$ref", "$parameters", "definitions", "streams", "version", "check", "spec", "type", "name", "<<"];

    private static readonly string[] Scalars =
    [
        "x", "\"\"", "~", "null", "true", "no", "0", "-1", "1.5", "1e400", "99999999999999999999999", ".nan", "2024-01-01", "\"{{ config['a'] }}\"",
        "\"{{ config['a' }}\"", "\"{% for x in y %}\"", "\"#/definitions/a\"", "\"#/streams/0\"", "\"#/\"", "\"#\"", "'it''s'", "\"\\u0000\"", "|\n  block", "!!binary AAAA", "&anchor x", "*anchor", "*missing", "GET", "\"\\t\"",
    ];

    /// <summary>A random YAML document built from the manifest vocabulary: real keys, real types, odd scalars, references.</summary>
    private static Gen<string> Documents()
    {
        Gen<string> Node(int depth, int indent) => depth <= 0
            ? Gen.Elements(Scalars)
            : Gen.Frequency(
                (3, Gen.Elements(Scalars)),
                (2, Gen.Elements(Types).Select(t => "{ type: " + t + " }")),
                (3, Gen.ListOf(Gen.Elements(Keys).SelectMany(k => Node(depth - 1, indent + 2).Select(v => (k, v))), 4).Select(pairs =>
                    pairs.Count == 0 ? "{}" : "\n" + string.Concat(pairs.Select(p => $"{new string(' ', indent + 2)}{p.k}: {p.v}\n")).TrimEnd('\n'))),
                (2, Gen.ListOf(Node(depth - 1, indent + 2), 3).Select(items =>
                    items.Count == 0 ? "[]" : "\n" + string.Join('\n', items.Select(i => $"{new string(' ', indent + 2)}- {i}")))));

        return Gen.Sized(size => Gen.ListOf(Gen.Elements(Keys).SelectMany(k => Node(Math.Min(4, 1 + size / 20), 0).Select(v => $"{k}: {v}")), 6)
            .Select(lines => "version: 6.5.0\ntype: DeclarativeSource\n" + string.Join('\n', lines) + "\n"));
    }

    [Fact]
    public void Parse_RandomDocuments_OnlyReportProblems()
    {
        Prop.ForAll(Documents().ToArbitrary(), yaml => ParsesToProblemsOrConnector("random", yaml))
            .Check(FuzzBounds.Seeded(seed: 12, tests: 600));
    }

    [Fact]
    public void Parse_RandomText_OnlyReportsProblems()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text => ParsesToProblemsOrConnector("random text", text ?? ""))
            .Check(FuzzBounds.Seeded(seed: 13, tests: 500));
    }

    [Fact]
    public void Parse_MutatedExamples_OnlyReportProblems()
    {
        var examples = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "examples"), "*.yaml", SearchOption.AllDirectories).Order().ToArray();
        Assert.NotEmpty(examples);
        var texts = examples.Select(File.ReadAllText).ToArray();
        var mutations = Gen.Choose(0, texts.Length - 1).SelectMany(i => Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(1, 6).Select(rounds =>
            (File: Path.GetFileName(examples[i]), Yaml: Mutator.MutateText(texts[i], seed, rounds)))));
        Prop.ForAll(mutations.ToArbitrary(), m => ParsesToProblemsOrConnector(m.File, m.Yaml))
            .Check(FuzzBounds.Seeded(seed: 14, tests: 300));
    }

    public static TheoryData<string> RealManifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryPaths.RealManifestFiles()) data.Add(Path.GetFileName(Path.GetDirectoryName(file))!);
        return data;
    }

    /// <summary>Real manifests are thousands of lines: a handful of mutants each in the quick loop...</summary>
    [RealManifestsTheory]
    [MemberData(nameof(RealManifests))]
    public void Parse_MutatedRealManifest_OnlyReportsProblems(string name) => MutateRealManifest(name, mutants: 8, firstSeed: 1);

    /// <summary>...and many more in CI.</summary>
    [RealManifestsTheory]
    [Trait("Category", "Long")]
    [MemberData(nameof(RealManifests))]
    public void Parse_ManyMutatedRealManifests_OnlyReportProblems(string name) => MutateRealManifest(name, mutants: 120, firstSeed: 1000);

    private static void MutateRealManifest(string name, int mutants, int firstSeed)
    {
        // Read at test time from the shared directory: real manifests are test data, never copied into the repository.
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.RealManifests, name, "manifest.yaml"));
        for (var seed = firstSeed; seed < firstSeed + mutants; seed++)
            ParsesToProblemsOrConnector($"{name} mutant {seed}", Mutator.MutateText(text, seed, rounds: 1 + seed % 5));
    }

    private static void ParsesToProblemsOrConnector(string what, string yaml)
    {
        LoadedConnector? loaded = null;
        var error = FuzzBounds.Run($"loading {what}", yaml, () => loaded = ConnectorLoader.Parse("fuzz.yaml", yaml));
        FuzzBounds.ExpectResult(error, $"loading {what}", yaml);
        Assert.NotNull(loaded);
        foreach (var problem in loaded.Problems)
        {
            if (problem.Position.File == "fuzz.yaml" && problem.Position.Line >= 1 && problem.Position.Column >= 1 && problem.Message.Length > 0
                && !problem.Message.Contains("   at ", StringComparison.Ordinal))
                continue;
            throw new FuzzFailure($"loading {what}: unclear problem '{problem}' on input {FuzzBounds.Show(yaml)}");
        }
    }
}
