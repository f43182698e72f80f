using Siphon.Runs;

namespace Siphon.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    /// <summary>
    /// What every capability builds on: values, templates and the manifest's tree. None of them may come to depend on a
    /// namespace that depends on it. (The capabilities themselves still form one cycle through the registry and the run
    /// context, issue 21 item 5; when it is broken this test should assert that no cycle is left at all.)
    /// </summary>
    [Theory]
    [InlineData("Values")]
    [InlineData("Templates")]
    [InlineData("Manifest")]
    [InlineData("Testing")]
    public void FoundationNamespace_IsInNoCycle(string name)
    {
        var graph = NamespaceDependencies.Of(typeof(SourceReader).Assembly, "Siphon");

        var cycle = NamespaceDependencies.Cycles(graph).FirstOrDefault(members => members.Contains(name));

        Assert.True(cycle is null, cycle is null ? "" : Describe(cycle, graph));
    }

    private static string Describe(List<string> cycle, Dictionary<string, Dictionary<string, string>> graph) =>
        "cycle: " + string.Join(", ", cycle) + "\n" + string.Join("\n",
            from source in cycle
            from edge in graph.TryGetValue(source, out var edges) ? edges.ToList() : []
            where cycle.Contains(edge.Key)
            select $"  {source} -> {edge.Key}: {edge.Value}");
}
