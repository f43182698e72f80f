namespace Siphon.Components;

/// <summary>Builds the runtime object of one validated component.</summary>
public delegate object ComponentFactory(ComponentNode node, BuildContext context);

/// <summary>
/// Everything Siphon knows about one manifest <c>type</c>: what it is for, its fields and how to build it.
/// Validation, <c>siphon schema</c>, docs and the builder's forms are all generated from these.
/// </summary>
public sealed record ComponentSpec(string Type, ComponentKind Kind, string Description, IReadOnlyList<FieldSpec> Fields)
{
    /// <summary>Null for a type Siphon recognises but cannot run (the reason says why).</summary>
    public ComponentFactory? Factory { get; init; }

    /// <summary>
    /// Why a recognised type cannot run (when <see cref="Factory"/> is null), or what Siphon does instead of what
    /// the reference does (when it has a factory); reported at validation.
    /// </summary>
    public string? UnsupportedReason { get; init; }

    /// <summary>A small manifest fragment showing the component; a test builds every example.</summary>
    public string? Example { get; init; }

    /// <summary>
    /// Other <c>type</c> values manifests write for this component: the reference's own enum where it differs from
    /// its definition name (<c>Bearer</c> is how a manifest names SessionTokenRequestBearerAuthenticator).
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// Groups of fields of which at least one must be given (a non-blank value), as the reference requires where its
    /// schema or runtime accepts alternatives: a source needs <c>streams</c> or <c>dynamic_streams</c>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> RequiredOneOf { get; init; } = [];

    /// <summary>Other kinds this type can stand in for (a router that is also a cursor, say).</summary>
    public IReadOnlyList<ComponentKind> AlsoKinds { get; init; } = [];

    public bool Is(ComponentKind kind) => Kind == kind || AlsoKinds.Contains(kind);

    public FieldSpec? FindField(string name) =>
        Fields.FirstOrDefault(f => f.Name == name) ?? Fields.FirstOrDefault(f => f.LegacyName == name);
}
