using Siphon.Manifest;

namespace Siphon.Components;

/// <summary>
/// A component that passed validation: its spec, its manifest mapping, its field path, the <c>$parameters</c>
/// it sees (its own merged over its parents') and its validated child components. Factories read fields
/// through it so that the reference's parameter fallback is applied in one place.
/// </summary>
public sealed class ComponentNode
{
    private readonly Dictionary<string, IReadOnlyList<ComponentNode>> _children;

    internal ComponentNode(ComponentSpec spec, ManifestMap map, string path,
        IReadOnlyDictionary<string, ManifestNode> parameters, Dictionary<string, IReadOnlyList<ComponentNode>> children)
    {
        Spec = spec;
        Map = map;
        Path = path;
        Parameters = parameters;
        _children = children;
    }

    public ComponentSpec Spec { get; }
    public ManifestMap Map { get; }
    public string Path { get; }
    public SourcePosition Position => Map.Position;
    public IReadOnlyDictionary<string, ManifestNode> Parameters { get; }

    /// <summary>The <c>parameters</c> variable templates of this component see.</summary>
    public Dictionary<string, object?> ParameterValues()
    {
        var values = Values.JsonValues.NewObject(Parameters.Count);
        foreach (var (key, node) in Parameters) values[key] = node.ToValue();
        return values;
    }

    /// <summary>
    /// The field's node: the component's own value, else (as the reference does, with Python's <c>or</c>) a
    /// <c>$parameters</c> entry of the same name when the own value is absent or falsy. Legacy names count.
    /// </summary>
    public ManifestNode? Value(string field)
    {
        var own = Map[field];
        if (own is null && Spec.FindField(field)?.LegacyName is { } legacy) own = Map[legacy];
        if (own is { IsTruthy: true }) return own;
        return Parameters.TryGetValue(field, out var parameter) ? parameter : own;
    }

    public bool Has(string field) => Value(field) is { } node && node is not ManifestScalar { Value: null };

    /// <summary>The field's text, else its spec's default as text (a number default is what a template field renders to).</summary>
    public string? Text(string field) => Value(field) is ManifestScalar { Value: not null } s ? s.Text : Spec.FindField(field)?.Default switch
    {
        string text => text,
        long number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    public long? Integer(string field) => Value(field) switch
    {
        ManifestScalar { Value: long l } => l,
        ManifestScalar { Value: double d } => (long)d,
        _ => Spec.FindField(field)?.Default as long?,
    };

    /// <summary>A required integer field's value; text there (a template, say) is not an integer the build can use.</summary>
    public long RequiredInteger(string field) => Integer(field)
        ?? throw new ComponentBuildException(Value(field)?.Position ?? Position, FieldPath(field), $"'{field}' must be an integer, got '{Text(field)}'");

    public bool Boolean(string field) => Value(field) switch
    {
        ManifestScalar { Value: bool b } => b,
        _ => Spec.FindField(field)?.Default is true,
    };

    public ComponentNode? Child(string field) => _children.TryGetValue(field, out var list) && list.Count > 0 ? list[0] : null;

    public IReadOnlyList<ComponentNode> Children(string field) => _children.TryGetValue(field, out var list) ? list : [];

    public IEnumerable<ComponentNode> Descendants()
    {
        foreach (var list in _children.Values)
            foreach (var child in list)
            {
                yield return child;
                foreach (var grandchild in child.Descendants()) yield return grandchild;
            }
    }

    public string FieldPath(string field) => Path.Length == 0 ? field : $"{Path}.{field}";
}
