using Siphon.Values;

namespace Siphon.Manifest;

/// <summary>A node of a loaded manifest: a JSON-like value that remembers where it was written.</summary>
public abstract class ManifestNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>The node as a plain value of the engine's value model (see <see cref="JsonValues"/>).</summary>
    public abstract object? ToValue();

    /// <summary>Python-style truthiness, used where the reference writes <c>value or fallback</c>.</summary>
    public abstract bool IsTruthy { get; }

    /// <summary>The kind of YAML value, in the words a user reads in an error message.</summary>
    public abstract string KindName { get; }
}

/// <summary>A scalar: its text as written and the value YAML 1.1 gives it (string, bool, long, double or null).</summary>
public sealed class ManifestScalar(SourcePosition position, string text, bool isPlain, object? value) : ManifestNode(position)
{
    public string Text { get; } = text;

    /// <summary>False when the scalar was quoted or a block scalar: then it is always a string.</summary>
    public bool IsPlain { get; } = isPlain;

    public object? Value { get; } = value;

    public override object? ToValue() => Value;

    public override bool IsTruthy => Value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        _ => true,
    };

    public override string KindName => Value switch
    {
        null => "null",
        bool => "boolean",
        long => "integer",
        double => "number",
        _ => "string",
    };

    public static ManifestScalar FromValue(SourcePosition position, object? value) =>
        new(position, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "", isPlain: value is not string, value);
}

public sealed class ManifestList(SourcePosition position, IReadOnlyList<ManifestNode> items) : ManifestNode(position)
{
    public IReadOnlyList<ManifestNode> Items { get; } = items;

    public override object? ToValue() => Items.Select(i => i.ToValue()).ToList();

    public override bool IsTruthy => Items.Count > 0;

    public override string KindName => "list";
}

/// <summary>One key of a mapping, with the position of the key itself (where "unknown field" errors point).</summary>
public sealed record ManifestEntry(string Key, SourcePosition KeyPosition, ManifestNode Value);

public sealed class ManifestMap : ManifestNode
{
    private readonly Dictionary<string, ManifestEntry> _byKey;

    public ManifestMap(SourcePosition position, IReadOnlyList<ManifestEntry> entries) : base(position)
    {
        Entries = entries;
        _byKey = new Dictionary<string, ManifestEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries) _byKey[entry.Key] = entry; // last wins, as in PyYAML
    }

    public IReadOnlyList<ManifestEntry> Entries { get; }

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    public ManifestNode? this[string key] => _byKey.TryGetValue(key, out var e) ? e.Value : null;

    public ManifestEntry? Entry(string key) => _byKey.TryGetValue(key, out var e) ? e : null;

    /// <summary>The string value of a scalar field, or null when absent or not a scalar.</summary>
    public string? GetText(string key) => this[key] is ManifestScalar { Value: not null } s ? s.Text : null;

    public override object? ToValue()
    {
        var map = JsonValues.NewObject(Entries.Count);
        foreach (var entry in Entries) map[entry.Key] = entry.Value.ToValue();
        return map;
    }

    public override bool IsTruthy => Entries.Count > 0;

    public override string KindName => "mapping";
}
