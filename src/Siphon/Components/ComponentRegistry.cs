namespace Siphon.Components;

/// <summary>
/// The explicit list of component types Siphon understands: the single source of truth for validation,
/// JSON Schema, docs and the builder's forms. No scanning: a type exists because it is listed.
/// </summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<string, ComponentSpec> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ComponentSpec> _byAlias = new(StringComparer.Ordinal);

    public ComponentRegistry(IEnumerable<ComponentSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (!_byType.TryAdd(spec.Type, spec))
                throw new ArgumentException($"component type '{spec.Type}' is registered twice", nameof(specs));
            var duplicateField = spec.Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicateField is not null)
                throw new ArgumentException($"component type '{spec.Type}' declares field '{duplicateField.Key}' twice", nameof(specs));
        }
        foreach (var spec in _byType.Values)
            foreach (var alias in spec.Aliases)
                if (_byType.ContainsKey(alias) || !_byAlias.TryAdd(alias, spec))
                    throw new ArgumentException($"component type name '{alias}' (an alias of '{spec.Type}') is registered twice", nameof(specs));
    }

    /// <summary>Every component Siphon ships with.</summary>
    public static ComponentRegistry Default { get; } = new(BuiltInComponents.All);

    public IEnumerable<ComponentSpec> All => _byType.Values.OrderBy(s => s.Type, StringComparer.Ordinal);

    /// <summary>The spec of a <c>type</c> value: a registered type or one of its aliases.</summary>
    public bool TryGet(string type, out ComponentSpec spec) => _byType.TryGetValue(type, out spec!) || _byAlias.TryGetValue(type, out spec!);

    public IEnumerable<ComponentSpec> OfKind(ComponentKind kind) => All.Where(s => s.Is(kind));
}
