using System.Text.Json;
using Json.Schema;
using Siphon.Values;

using Siphon.Source;

namespace Siphon.Cli;

/// <summary>Checks a user's config against the spec's <c>connection_specification</c> and says every problem at once.</summary>
public static class ConfigValidator
{
    /// <summary>The problems, each as "path: message"; empty when the config is valid or there is no spec.</summary>
    public static IReadOnlyList<string> Validate(SpecDefinition? spec, Dictionary<string, object?> config)
    {
        if (spec?.ConnectionSpecification is not Dictionary<string, object?> schemaValue) return [];
        JsonSchema schema;
        try
        {
            schema = JsonSchema.FromText(JsonValues.ToJson(WithoutAirbyteKeywords(schemaValue)));
        }
        catch (Exception e) when (e is JsonException or Json.Schema.JsonSchemaException or ArgumentException)
        {
            return [$"the spec's connection_specification is not a valid JSON Schema: {e.Message}"];
        }
        using var document = JsonDocument.Parse(JsonValues.ToJson(config));
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Where(d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .ToList();
    }

    private static string Where(string pointer) => pointer is "" or "#" ? "config" : "config" + pointer.TrimStart('#').Replace('/', '.');

    /// <summary>Airbyte's own keywords (airbyte_secret, order, ...) are annotations; strict validators reject unknown ones.</summary>
    private static object? WithoutAirbyteKeywords(object? value) => value switch
    {
        Dictionary<string, object?> map => map.Where(p => !p.Key.StartsWith("airbyte_", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => WithoutAirbyteKeywords(p.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(WithoutAirbyteKeywords).ToList(),
        _ => value,
    };
}
