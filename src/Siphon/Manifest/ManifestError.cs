namespace Siphon.Manifest;

/// <summary>What went wrong, so tests and tools can tell errors apart without parsing their text.</summary>
public enum ManifestErrorKind
{
    Syntax,
    DuplicateKey,
    DanglingReference,
    CircularReference,
    InvalidReference,
    UnknownType,
    UnsupportedType,
    UnsupportedField,
    CustomComponent,
    MisplacedComponent,
    MissingField,
    UnknownField,
    WrongType,
    InvalidValue,
    InvalidTemplate,
}

/// <summary>
/// Error stops the connector (a build error inside a stream stops only that stream: see
/// <c>LoadedConnector.StreamErrors</c>); Unsupported stops only the stream it is in; Warning stops nothing.
/// </summary>
public enum ManifestSeverity { Error, Unsupported, Warning }

/// <summary>One problem in a manifest, printed as <c>file:line:col: path: message</c>.</summary>
public sealed record ManifestError(
    SourcePosition Position,
    string Path,
    ManifestErrorKind Kind,
    string Message,
    ManifestSeverity Severity = ManifestSeverity.Error)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{Position}: {Message}" : $"{Position}: {Path}: {Message}";
}

/// <summary>Thrown when a manifest cannot be used; carries every problem found, not just the first.</summary>
public sealed class ManifestException(IReadOnlyList<ManifestError> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ManifestError> Errors { get; } = errors;
}
