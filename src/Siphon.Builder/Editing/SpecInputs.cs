using System.Text.RegularExpressions;

namespace Siphon.Builder.Editing;

/// <summary>One user input of the spec's <c>connection_specification</c>.</summary>
public sealed record SpecInput(string Name, string Title, string Type, bool Secret, bool Required, string? Description, object? Default);

/// <summary>Reads and adds the user inputs declared in <c>spec.connection_specification</c>.</summary>
public static class SpecInputs
{
    public static IReadOnlyList<SpecInput> Of(ManifestModel manifest)
    {
        var connection = manifest.ConnectionSpecification;
        var required = (ValuePath.Get(connection, "required") as List<object?>)?.OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        if (ValuePath.Get(connection, "properties") is not Dictionary<string, object?> properties) return [];
        return properties.Select(p =>
        {
            var property = p.Value as Dictionary<string, object?>;
            var type = ValuePath.Get(property, "type") switch { string t => t, List<object?> l => l.OfType<string>().FirstOrDefault(t => t != "null") ?? "string", _ => "string" };
            return new SpecInput(p.Key, ValuePath.Text(property, "title") ?? p.Key, type,
                ValuePath.Get(property, "airbyte_secret") is true, required.Contains(p.Key), ValuePath.Text(property, "description"), ValuePath.Get(property, "default"));
        }).ToList();
    }

    /// <summary>
    /// The required inputs the stream reads (itself or through the shared definitions) that have neither a testing value
    /// nor a default: a test would send them empty (a <c>Bearer </c> header without its token) and fail far from the cause.
    /// </summary>
    public static IReadOnlyList<SpecInput> MissingFor(ManifestModel manifest, StreamModel stream, IReadOnlyDictionary<string, object?> values)
    {
        var texts = ValuePath.Strings(stream.Node).Concat(ValuePath.Strings(manifest.Definitions)).ToList();
        return Of(manifest)
            .Where(i => i is { Required: true, Default: null } && values.GetValueOrDefault(i.Name) is null or "")
            .Where(i => texts.Any(Reads(i.Name).IsMatch))
            .ToList();
    }

    private static Regex Reads(string name)
    {
        var n = Regex.Escape(name);
        return new Regex($@"config\s*(\[\s*['""]{n}['""]|\.{n}\b|\.get\(\s*['""]{n}['""])", RegexOptions.CultureInvariant);
    }

    public static void Ensure(ManifestModel manifest, string name, string title, bool secret)
    {
        var connection = manifest.ConnectionSpecification;
        var properties = ValuePath.Object(connection, "properties");
        if (!properties.ContainsKey(name))
        {
            var property = ManifestModel.Obj(("type", "string"), ("title", title));
            if (secret) property["airbyte_secret"] = true;
            properties[name] = property;
        }
        if (ValuePath.Get(connection, "required") is not List<object?> required)
        {
            required = [];
            connection["required"] = required;
        }
        if (!required.Contains(name)) required.Add(name);
    }
}
