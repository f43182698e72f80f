using System.Globalization;
using Siphon.Templates;

namespace Siphon.Records.Schema;

/// <summary>
/// <c>schema_normalization: Default</c>: each top-level value whose text fits the type the schema declares for it is cast
/// to that type (<c>"42"</c> to 42 for an integer, <c>5</c> to <c>"5"</c> for a string); a value that does not fit is
/// left as it is, as the reference's type transformer does. Applied after the stream's own transformations.
/// </summary>
public sealed class SchemaNormalization : IRecordTransformation
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public SchemaNormalization(object? schema)
    {
        if ((schema as Dictionary<string, object?>)?.GetValueOrDefault("properties") is not Dictionary<string, object?> properties) return;
        foreach (var (name, property) in properties)
        {
            var type = (property as Dictionary<string, object?>)?.GetValueOrDefault("type") switch
            {
                string single => single,
                List<object?> several => several.OfType<string>().FirstOrDefault(t => t != "null"),
                _ => null,
            };
            if (type is "integer" or "number" or "boolean" or "string") _types[name] = type;
        }
    }

    public bool IsEmpty => _types.Count == 0;

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        foreach (var (name, type) in _types)
            if (record.TryGetValue(name, out var value) && value is not null)
                record[name] = Cast(value, type);
    }

    private static object? Cast(object value, string type) => (type, value) switch
    {
        ("integer", string s) when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        ("integer", double d) when double.IsInteger(d) => (long)d,
        ("number", string s) when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        ("number", long l) => (double)l,
        ("boolean", string s) when bool.TryParse(s, out var b) => b,
        ("string", bool b) => b ? "true" : "false",
        ("string", long or double) => Values.PythonText.Str(value),
        _ => value,
    };
}
