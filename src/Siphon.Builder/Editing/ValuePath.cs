using Siphon.Values;

namespace Siphon.Builder.Editing;

/// <summary>Reads and writes nested manifest values (objects are <c>Dictionary&lt;string, object?&gt;</c>, lists <c>List&lt;object?&gt;</c>).</summary>
internal static class ValuePath
{
    public static object? Get(Dictionary<string, object?>? node, params string[] keys)
    {
        object? current = node;
        foreach (var key in keys)
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(key, out current)) return null;
        }
        return current;
    }

    public static string? Text(Dictionary<string, object?>? node, params string[] keys) => Get(node, keys) switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>The object at <paramref name="keys"/>, created (with every object on the way) when absent.</summary>
    public static Dictionary<string, object?> Object(Dictionary<string, object?> node, params string[] keys)
    {
        var current = node;
        foreach (var key in keys)
        {
            if (current.TryGetValue(key, out var next) && next is Dictionary<string, object?> map)
            {
                current = map;
                continue;
            }
            var created = JsonValues.NewObject();
            current[key] = created;
            current = created;
        }
        return current;
    }

    /// <summary>Sets a value; null or empty text removes the key (the manifest keeps only what the author set).</summary>
    public static void Set(Dictionary<string, object?> node, string[] keys, object? value)
    {
        var parent = keys.Length == 1 ? node : Object(node, keys[..^1]);
        if (value is null || value is string { Length: 0 }) parent.Remove(keys[^1]);
        else parent[keys[^1]] = value;
    }

    /// <summary>A field path written as comma-separated keys (<c>data, state</c>), as a list; empty text is the root.</summary>
    public static List<object?> FieldPath(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(k => (object?)k).ToList();

    public static string FieldPathText(object? value) => value switch
    {
        List<object?> list => string.Join(", ", list.Select(i => i?.ToString())),
        string s => s,
        _ => "",
    };

    public static List<object?> Words(string? text) => FieldPath(text);

    public static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => DeepCopy(p.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    /// <summary>Every string in a value, however deep (the texts a manifest part holds, e.g. to find the templates reading an input).</summary>
    public static IEnumerable<string> Strings(object? value) => value switch
    {
        string text => [text],
        Dictionary<string, object?> map => map.Values.SelectMany(Strings),
        List<object?> list => list.SelectMany(Strings),
        _ => [],
    };
}
