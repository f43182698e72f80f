using System.Text.Json;

namespace Siphon.Builder.Editing;

/// <summary>One field on which the declared schema and the schema a test inferred disagree.</summary>
public sealed record SchemaDifference(string Field, string Message);

/// <summary>Compares the declared schema's top-level fields with the inferred one's, field by field.</summary>
public static class SchemaDifferences
{
    public static IReadOnlyList<SchemaDifference> Of(Dictionary<string, object?>? declared, JsonElement inferred)
    {
        var declaredFields = ValuePath.Get(declared, "properties") as Dictionary<string, object?> ?? [];
        var inferredFields = inferred.ValueKind == JsonValueKind.Object && inferred.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal)
            : [];
        var differences = new List<SchemaDifference>();
        foreach (var (name, value) in inferredFields)
        {
            if (!declaredFields.TryGetValue(name, out var field)) { differences.Add(new(name, "in the records, not in the declared schema")); continue; }
            var seen = Types(value);
            var allowed = Types(field);
            if (allowed.Count > 0 && !seen.All(t => allowed.Contains(t) || (t == "integer" && allowed.Contains("number"))))
                differences.Add(new(name, $"declared {string.Join(" or ", allowed)}, the records have {string.Join(" or ", seen)}"));
        }
        foreach (var name in declaredFields.Keys.Where(n => !inferredFields.ContainsKey(n)))
            differences.Add(new(name, "declared, not in any record of the test"));
        return differences;
    }

    // "null" is left out: a nullable field and a field seen null are not a conflict.
    private static HashSet<string> Types(JsonElement field) =>
        field.ValueKind == JsonValueKind.Object && field.TryGetProperty("type", out var type)
            ? (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "") : [type.GetString() ?? ""]).Where(t => t is not ("null" or "")).ToHashSet(StringComparer.Ordinal)
            : [];

    private static HashSet<string> Types(object? field) => ValuePath.Get(field as Dictionary<string, object?>, "type") switch
    {
        string t => t == "null" ? [] : [t],
        List<object?> list => list.OfType<string>().Where(t => t != "null").ToHashSet(StringComparer.Ordinal),
        _ => [],
    };
}
