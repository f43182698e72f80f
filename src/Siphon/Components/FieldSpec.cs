namespace Siphon.Components;

/// <summary>One field of a component: its shape, whether it is required, its default and what it means.</summary>
public sealed record FieldSpec(string Name, FieldType Type, string Description)
{
    public bool Required { get; init; }

    /// <summary>The value used when the field is absent; written once here and pinned by a test.</summary>
    public object? Default { get; init; }

    /// <summary>
    /// The smallest value a number written in the manifest may have (a template is checked when it runs); the
    /// validator reports a value out of bounds at its position rather than the runtime clamping it.
    /// </summary>
    public double? Min { get; init; }

    /// <summary>With <see cref="Min"/>: the bound itself is out of range (a timeout must be longer than zero).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The largest value a number written in the manifest may have.</summary>
    public double? Max { get; init; }

    /// <summary>For <see cref="FieldType.Enum"/> fields.</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];

    /// <summary>For component fields: the kind of component accepted.</summary>
    public ComponentKind? Kind { get; init; }

    /// <summary>For component fields: the type a component written without <c>type:</c> has, as the reference infers it.</summary>
    public string? ImpliedType { get; init; }

    /// <summary>
    /// Template variables this field may use, besides <c>config</c> and <c>parameters</c>; for a component field, what
    /// its step adds for the component's templates (a polling requester's <c>creation_response</c>). The builder's
    /// template check reads them.
    /// </summary>
    public IReadOnlyList<string> TemplateVariables { get; init; } = [];

    /// <summary>Older name of this field that manifests may still use.</summary>
    public string? LegacyName { get; init; }

    /// <summary>For component fields: a template string may stand in for the component (a cursor's start_datetime).</summary>
    public bool AcceptsTemplate { get; init; }

    /// <summary>For component fields: a list of strings may stand in for the component (a QueryProperties' property_list).</summary>
    public bool AcceptsStringList { get; init; }

    /// <summary>
    /// The field's strings are never rendered by the connector (OAuth consent URLs the platform fills in, a JSON
    /// Schema), so they are not compiled as the connector's templates.
    /// </summary>
    public bool NotTemplated { get; init; }

    public bool Secret { get; init; }

    public bool Advanced { get; init; }

    /// <summary>
    /// Why Siphon does not run this field of the reference yet. A manifest that gives it a value other than its
    /// default makes the field's stream unsupported: a field that would change records is never skipped.
    /// </summary>
    public string? NotRunReason { get; init; }

    /// <summary>How and why this field's required flag or default deliberately differs from the reference schema's.</summary>
    public string? ReferenceDifference { get; init; }
}
