using Siphon.Components;
using Siphon.Runs;

namespace Siphon.Tests.Architecture;

/// <summary>
/// The engine's namespaces form no cycle, so each can be read, changed and tested from the ones below it. The
/// composition root is the one exception, stated here: <see cref="BuiltInComponents"/> is the registry's explicit list
/// and refers to every component by design (every component, in turn, refers to <c>Components</c> for its spec), so it
/// is left out of the graph rather than expected to go away.
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>The run context's namespace: the root, <c>Siphon</c> (events, steps, time, redaction, state, budget, limits).</summary>
    private const string RunContext = "";

    private static Dictionary<string, Dictionary<string, string>> Graph() =>
        NamespaceDependencies.Of(typeof(SourceReader).Assembly, "Siphon", typeof(BuiltInComponents));

    [Fact]
    public void EngineNamespaces_WithoutTheCompositionRoot_FormNoCycle()
    {
        var graph = Graph();

        var cycles = NamespaceDependencies.Cycles(graph);

        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(cycle => Describe(cycle, graph))));
    }

    /// <summary>What everything may depend on depends on nothing of the engine but values and templates.</summary>
    [Fact]
    public void RunContext_DependsOnlyOnValuesAndTemplates()
    {
        var uses = Graph().GetValueOrDefault(RunContext) ?? [];

        Assert.True(uses.Keys.All(name => name is "Values" or "Templates"),
            string.Join("\n", uses.Select(edge => $"{Name(RunContext)} -> {Name(edge.Key)}: {edge.Value}")));
    }

    /// <summary>The composition root is the only reason the registry's namespace depends on the components' namespaces.</summary>
    [Fact]
    public void Components_WithoutTheCompositionRoot_UsesOnlyTheFoundation()
    {
        var uses = Graph().GetValueOrDefault("Components") ?? [];

        Assert.True(uses.Keys.All(name => name is "Values" or "Templates" or "Manifest" or RunContext),
            string.Join("\n", uses.Select(edge => $"Components -> {Name(edge.Key)}: {edge.Value}")));
    }

    private static string Name(string capability) => capability.Length == 0 ? "Siphon (run context)" : capability;

    private static string Describe(List<string> cycle, Dictionary<string, Dictionary<string, string>> graph) =>
        "cycle: " + string.Join(", ", cycle.Select(Name)) + "\n" + string.Join("\n",
            from source in cycle
            from edge in graph.TryGetValue(source, out var edges) ? edges.ToList() : []
            where cycle.Contains(edge.Key)
            select $"  {Name(source)} -> {Name(edge.Key)}: {edge.Value}");
}
