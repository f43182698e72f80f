using Siphon.Values;

namespace Siphon.Testing;

/// <summary>
/// A JSON Schema inferred from records, as the reference builder shows it: every field nullable (a union with
/// <c>null</c>), integers widened to numbers when both are seen, objects and arrays merged recursively, primary-key
/// fields required. A field for which only null was seen has type <c>null</c> and is listed by <see cref="NullOnlyFields"/>.
/// </summary>
internal sealed class SchemaInferrer
{
    private readonly Node _root = new();

    private sealed class Node
    {
        public SortedSet<string> Types { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Node>? Properties { get; set; }
        public List<string>? Order { get; set; }
        public Node? Items { get; set; }

        public void Add(object? value)
        {
            switch (value)
            {
                case null: Types.Add("null"); break;
                case bool: Types.Add("boolean"); break;
                case long or int or short or byte or ulong or uint: Types.Add("integer"); break;
                case double or float or decimal: Types.Add("number"); break;
                case string: Types.Add("string"); break;
                case IReadOnlyDictionary<string, object?> map:
                    Types.Add("object");
                    Properties ??= new(StringComparer.Ordinal);
                    Order ??= [];
                    foreach (var (key, item) in map)
                    {
                        if (!Properties.TryGetValue(key, out var child))
                        {
                            Properties[key] = child = new Node();
                            Order.Add(key);
                        }
                        child.Add(item);
                    }
                    break;
                case System.Collections.IEnumerable list:
                    Types.Add("array");
                    Items ??= new Node();
                    foreach (var item in list) Items.Add(item);
                    break;
                default: Types.Add("string"); break;
            }
        }

        public Dictionary<string, object?> Schema(bool nullable)
        {
            var types = Types.ToList();
            if (types.Contains("integer") && types.Contains("number")) types.Remove("integer");
            if (nullable && !types.Contains("null")) types.Add("null");
            var schema = JsonValues.NewObject();
            schema["type"] = types.Count == 1 ? types[0] : types.Select(t => (object?)t).ToList();
            if (Properties is not null)
            {
                var properties = JsonValues.NewObject();
                foreach (var key in Order!) properties[key] = Properties[key].Schema(nullable: true);
                schema["properties"] = properties;
            }
            if (Items is not null && Items.Types.Count > 0) schema["items"] = Items.Schema(nullable: true);
            return schema;
        }

        public void NullOnly(string path, List<string> found)
        {
            if (Types.Count == 1 && Types.Contains("null")) found.Add(path);
            if (Properties is not null)
                foreach (var key in Order!) Properties[key].NullOnly(path.Length == 0 ? key : $"{path}.{key}", found);
        }
    }

    public void Add(Dictionary<string, object?> record) => _root.Add(record);

    public Dictionary<string, object?> Schema(IReadOnlyList<IReadOnlyList<string>> primaryKey)
    {
        var schema = JsonValues.NewObject();
        schema["$schema"] = "http://json-schema.org/schema#";
        foreach (var (key, value) in _root.Types.Count == 0 ? new Node { Properties = [], Order = [] }.Schema(false) : _root.Schema(nullable: false))
            schema[key] = value;
        schema["type"] = "object";
        var required = primaryKey.Where(k => k.Count == 1 && _root.Properties?.ContainsKey(k[0]) == true).Select(k => (object?)k[0]).ToList();
        if (required.Count > 0) schema["required"] = required;
        return schema;
    }

    public List<string> NullOnlyFields()
    {
        var found = new List<string>();
        _root.NullOnly("", found);
        return found;
    }
}
