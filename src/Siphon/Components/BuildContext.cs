using Siphon.Manifest;

namespace Siphon.Components;

/// <summary>What factories need while turning validated components into runtime objects.</summary>
public sealed class BuildContext(ComponentRegistry registry, string file)
{
    private readonly List<ManifestError> _errors = [];

    public ComponentRegistry Registry { get; } = registry;
    public string File { get; } = file;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public IReadOnlyList<ManifestError> Errors => _errors;

    /// <summary>What validation found; a stream asks for the problems inside it to know whether it can run.</summary>
    public IReadOnlyList<ManifestError> ValidationProblems { get; init; } = [];

    /// <summary>The problems that stop the stream at <paramref name="path"/>: its own, and the source-wide ones (see <see cref="UnsupportedScope"/>).</summary>
    public IEnumerable<ManifestError> UnsupportedWithin(string path) => ValidationProblems.Where(p =>
        p.Severity == ManifestSeverity.Unsupported && UnsupportedScope.StopsStream(p.Path, path));

    /// <summary>The problems that stop the <c>check</c> command.</summary>
    public IEnumerable<ManifestError> UnsupportedForCheck() => ValidationProblems.Where(p =>
        p.Severity == ManifestSeverity.Unsupported && UnsupportedScope.StopsCheck(p.Path));

    public T Build<T>(ComponentNode node) where T : class
    {
        var factory = node.Spec.Factory ?? throw new ComponentBuildException(node.Position, node.Path,
            $"component type '{node.Spec.Type}' cannot run in Siphon: {node.Spec.UnsupportedReason}");
        return factory(node, this) as T ?? throw new ComponentBuildException(node.Position, node.Path,
            $"component type '{node.Spec.Type}' cannot be used as {typeof(T).Name}");
    }

    public T? BuildOptional<T>(ComponentNode? node) where T : class => node is null ? null : Build<T>(node);

    /// <summary>Records a problem found while building and lets the build carry on with the other components.</summary>
    public void Report(ManifestError error) => _errors.Add(error);

    /// <summary>The build errors that stop only their stream (the others still run); each is also in <see cref="Errors"/>.</summary>
    public IReadOnlyList<ManifestError> StreamErrors => _streamErrors;

    private readonly List<ManifestError> _streamErrors = [];

    /// <summary>Records a build error inside a stream: that stream cannot run, the others can.</summary>
    public void ReportStreamError(ManifestError error)
    {
        _errors.Add(error);
        _streamErrors.Add(error);
    }

    /// <summary>
    /// Every build error below <paramref name="node"/>, each at its own position. A factory stops at its first error,
    /// so after one failed, each component of the subtree is built on its own to find the others (building has no
    /// side effects beyond compiling); a parent that fails only because its child did repeats the child's error,
    /// which is listed once.
    /// </summary>
    public IReadOnlyList<ManifestError> ErrorsWithin(ComponentNode node)
    {
        var errors = new List<ManifestError>();
        foreach (var part in node.Descendants().Where(n => n.Spec.Factory is not null))
        {
            try
            {
                part.Spec.Factory!(part, this);
            }
            catch (ComponentBuildException e)
            {
                if (!errors.Contains(e.ToError())) errors.Add(e.ToError());
            }
        }
        return errors;
    }
}

/// <summary>A component whose fields validated but whose values cannot be used (a bad date format, say).</summary>
/// <remarks>With <see cref="ManifestErrorKind.UnsupportedType"/>, the component is valid but Siphon cannot run it yet: only its stream is unsupported.</remarks>
public sealed class ComponentBuildException(SourcePosition position, string path, string message, ManifestErrorKind kind = ManifestErrorKind.InvalidValue) : Exception(message)
{
    public ManifestErrorKind Kind { get; } = kind;

    public ManifestError ToError() => new(position, path, Kind, Message,
        Kind == ManifestErrorKind.UnsupportedType ? ManifestSeverity.Unsupported : ManifestSeverity.Error);
}
