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
