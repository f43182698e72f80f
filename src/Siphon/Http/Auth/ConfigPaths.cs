namespace Siphon.Http.Auth;

/// <summary>Reading and writing values at paths of the config (OAuth token rotation, selective authentication).</summary>
internal static class ConfigPaths
{
    public static IReadOnlyDictionary<string, object?>? Config(Templates.TemplateScope scope) =>
        scope.TryGetVariable("config", out var config) ? config as IReadOnlyDictionary<string, object?> : null;

    public static object? Get(object? root, IReadOnlyList<string> path)
    {
        foreach (var key in path)
            root = root is IReadOnlyDictionary<string, object?> map && map.TryGetValue(key, out var next) ? next : null;
        return root;
    }

    /// <summary>A deep copy of <paramref name="config"/> with each path set to its value (missing objects are created).</summary>
    public static Dictionary<string, object?> With(IReadOnlyDictionary<string, object?> config, IEnumerable<(IReadOnlyList<string> Path, object? Value)> updates)
    {
        var copy = (Dictionary<string, object?>)Copy(config)!;
        foreach (var (path, value) in updates)
        {
            if (path.Count == 0) continue;
            var target = copy;
            foreach (var key in path.Take(path.Count - 1))
            {
                if (!target.TryGetValue(key, out var next) || next is not Dictionary<string, object?> child)
                    target[key] = child = Values.JsonValues.NewObject();
                target = child;
            }
            target[path[^1]] = value;
        }
        return copy;
    }

    private static object? Copy(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.ToDictionary(e => e.Key, e => Copy(e.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Copy).ToList(),
        _ => value,
    };

    public static IReadOnlyList<string> Strings(object? value) => value is IEnumerable<object?> list
        ? [.. list.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "")]
        : [];
}
