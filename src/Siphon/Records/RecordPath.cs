using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Records;

/// <summary>
/// A field path such as <c>[data, "*", items]</c> whose segments may be templates over <c>config</c> and
/// <c>parameters</c>. Walks mappings by key and lists by index; <c>*</c> matches every child, as dpath does.
/// </summary>
public sealed class RecordPath
{
    private readonly Template[] _segments;

    public RecordPath(IEnumerable<string> segments, string field) =>
        _segments = segments.Select((s, i) => Template.Compile(s, $"{field}[{i}]")).ToArray();

    public bool IsEmpty => _segments.Length == 0;

    public string[] Resolve(TemplateScope scope) =>
        _segments.Select(s => s.IsConstant ? s.Source : Convert.ToString(s.Evaluate(scope), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();

    /// <summary>Every value the path reaches; a missing key reaches nothing.</summary>
    public static IEnumerable<object?> Select(object? root, IReadOnlyList<string> path, int from = 0)
    {
        if (from == path.Count)
        {
            yield return root;
            yield break;
        }
        var segment = path[from];
        if (segment == "*")
        {
            IEnumerable<object?> children = root switch
            {
                Dictionary<string, object?> map => map.Values,
                List<object?> list => list,
                _ => [],
            };
            foreach (var child in children)
                foreach (var match in Select(child, path, from + 1)) yield return match;
            yield break;
        }
        if (TryChild(root, segment, out var next))
            foreach (var match in Select(next, path, from + 1)) yield return match;
    }

    private static bool TryChild(object? node, string segment, out object? child)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                return map.TryGetValue(segment, out child);
            case List<object?> list when int.TryParse(segment, out var index) && index >= 0 && index < list.Count:
                child = list[index];
                return true;
            default:
                child = null;
                return false;
        }
    }

    /// <summary>Sets a value at a path, creating the mappings on the way (AddFields).</summary>
    public static void Set(Dictionary<string, object?> record, IReadOnlyList<string> path, object? value)
    {
        var node = record;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (node.TryGetValue(path[i], out var next) && next is Dictionary<string, object?> child) node = child;
            else
            {
                var created = JsonValues.NewObject();
                node[path[i]] = created;
                node = created;
            }
        }
        node[path[^1]] = value;
    }
}
