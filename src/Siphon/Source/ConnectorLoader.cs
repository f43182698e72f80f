using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Source;

/// <summary>A manifest taken through every stage: read, references resolved, validated and built.</summary>
public sealed record LoadedConnector(ManifestDocument Document, ConnectorDefinition? Definition, IReadOnlyList<ManifestError> Problems)
{
    public IEnumerable<ManifestError> Errors => Problems.Where(p => p.Severity == ManifestSeverity.Error);
    public bool HasErrors => Definition is null || Errors.Any();
}

/// <summary>The one entry point from manifest text to a runnable <see cref="ConnectorDefinition"/>.</summary>
public static class ConnectorLoader
{
    public static async Task<LoadedConnector> LoadAsync(string path, CancellationToken cancellationToken, ComponentRegistry? registry = null)
    {
        var document = await ManifestDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return Build(document, registry ?? ComponentRegistry.Default);
    }

    public static LoadedConnector Parse(string file, string text, ComponentRegistry? registry = null) =>
        Build(ManifestDocument.Parse(file, text), registry ?? ComponentRegistry.Default);

    private static LoadedConnector Build(ManifestDocument document, ComponentRegistry registry)
    {
        var validation = ManifestValidator.Validate(document, registry);
        var problems = validation.Problems.ToList();
        if (validation.Root is null || validation.Errors.Any())
            return new LoadedConnector(document, null, Sorted(problems));
        var context = new BuildContext(registry, document.File) { ValidationProblems = validation.Problems };
        ConnectorDefinition? definition = null;
        try
        {
            definition = context.Build<ConnectorDefinition>(validation.Root);
        }
        catch (ComponentBuildException e)
        {
            problems.Add(e.ToError());
        }
        problems.AddRange(context.Errors);
        return new LoadedConnector(document, definition, Sorted(problems));
    }

    private static List<ManifestError> Sorted(List<ManifestError> problems) =>
        problems.Distinct().OrderBy(p => p.Position.Line).ThenBy(p => p.Position.Column).ToList();
}
