using System.Text.Json;
using Json.Schema;
using Siphon.Values;

namespace Siphon.Source;

/// <summary>Checks a user's config against the spec's <c>connection_specification</c> and says every problem at once.</summary>
public static class ConfigValidator
{
    // Airbyte specs are draft-07 and carry the platform's own keywords (order, group, airbyte_secret, pattern_descriptor...):
    // the library's default dialect rejects unknown keywords, draft-07 keeps them as annotations. A spec's own
    // $schema still wins.
    private static readonly BuildOptions Options = new() { Dialect = Dialect.Draft07 };

    /// <summary>The problems, each as "path: message"; empty when the config is valid or there is no spec.</summary>
    public static IReadOnlyList<string> Validate(SpecDefinition? spec, Dictionary<string, object?> config)
    {
        if (spec?.ConnectionSpecification is not Dictionary<string, object?> schemaValue) return [];
        if (SchemaProblem(schemaValue) is { } problem) return [$"the spec's connection_specification is not a valid JSON Schema: {problem}"];
        var schema = JsonSchema.FromText(JsonValues.ToJson(schemaValue), Options);
        using var document = JsonDocument.Parse(JsonValues.ToJson(config));
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Where(d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .ToList();
    }

    /// <summary>Why <paramref name="connectionSpecification"/> is not a JSON Schema a config can be checked against, or null.</summary>
    public static string? SchemaProblem(object? connectionSpecification)
    {
        if (connectionSpecification is not Dictionary<string, object?> schema) return "expected an object (a JSON Schema)";
        try
        {
            JsonSchema.FromText(JsonValues.ToJson(schema), Options);
            return null;
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException)
        {
            return e.Message;
        }
    }

    private static string Where(string pointer) => pointer is "" or "#" ? "config" : "config" + pointer.TrimStart('#').Replace('/', '.');
}
