using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Source;

/// <summary>A manifest taken through every stage: read, references resolved, validated and built.</summary>
public sealed record LoadedConnector(ManifestDocument Document, ConnectorDefinition? Definition, IReadOnlyList<ManifestError> Problems)
{
    /// <summary>
    /// The connector's spec: the definition's, or, when other parts of the manifest have errors, the spec built on
    /// its own if it has none itself (<c>spec</c> needs nothing else). Null when the manifest has no valid spec.
    /// </summary>
    public SpecDefinition? Spec { get; init; }

    public IEnumerable<ManifestError> Errors => Problems.Where(p => p.Severity == ManifestSeverity.Error);
    public bool HasErrors => Definition is null || Errors.Any();

    /// <summary>Build errors that stop only their own stream (marked unable to run); they are among <see cref="Errors"/>.</summary>
    public IReadOnlyList<ManifestError> StreamErrors { get; init; } = [];

    /// <summary>Whether the connector can run: it has a definition and every error it has stops only its own stream.</summary>
    public bool CanRun => Definition is not null && Errors.All(StreamErrors.Contains);
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
        var context = new BuildContext(registry, document.File) { ValidationProblems = validation.Problems };
        if (validation.Root is null || validation.Errors.Any())
            return new LoadedConnector(document, null, Sorted(problems)) { Spec = SpecAlone(validation.Root, problems, context) };
        ConnectorDefinition? definition = null;
        try
        {
            definition = context.Build<ConnectorDefinition>(validation.Root);
        }
        catch (ComponentBuildException e)
        {
            // Not a stream's (those are caught per stream): the connector cannot run; still, list every build error.
            problems.Add(e.ToError());
            problems.AddRange(context.ErrorsWithin(validation.Root));
        }
        problems.AddRange(context.Errors);
        return new LoadedConnector(document, definition, Sorted(problems))
        {
            StreamErrors = definition is null ? [] : context.StreamErrors.Distinct().ToList(),
            Spec = definition is not null && !context.Errors.Any() ? definition.Spec : SpecAlone(validation.Root, problems, context),
        };
    }

    private static SpecDefinition? SpecAlone(ComponentNode? root, List<ManifestError> problems, BuildContext context)
    {
        if (root?.Child("spec") is not { } spec) return null;
        if (problems.Concat(context.Errors).Any(p => p.Severity == ManifestSeverity.Error && IsWithin(p.Path, spec.Path))) return null;
        try
        {
            return context.Build<SpecDefinition>(spec);
        }
        catch (ComponentBuildException)
        {
            return null;
        }
    }

    private static bool IsWithin(string path, string root) =>
        path.StartsWith(root, StringComparison.Ordinal) && (path.Length == root.Length || path[root.Length] is '.' or '[');

    private static List<ManifestError> Sorted(List<ManifestError> problems) =>
        problems.Distinct().OrderBy(p => p.Position.Line).ThenBy(p => p.Position.Column).ToList();
}
