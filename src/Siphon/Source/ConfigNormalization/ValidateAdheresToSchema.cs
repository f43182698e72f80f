using System.Text.Json;
using Json.Schema;
using Siphon.Components;
using Siphon.Http;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Source.ConfigNormalization;

/// <summary>How a config validator judges the value it selected: returns why the value is refused, or null.</summary>
public interface IValidationStrategy
{
    string? Problem(object? value, TemplateScope scope);
}

/// <summary>
/// <c>ValidateAdheresToSchema</c>: the value must satisfy a JSON Schema (draft-07 unless the schema says otherwise). A
/// text value that is JSON is read as JSON first, as the reference does (configs carry user-written schemas as text);
/// other text is validated as a string, where the reference refuses it, so that <c>{type: string}</c> can pass.
/// </summary>
internal sealed class ValidateAdheresToSchema(ValueTemplate baseSchema) : IValidationStrategy
{
    public static readonly ComponentSpec Spec = new("ValidateAdheresToSchema", ComponentKind.ValidationStrategy,
        "Validates that a user-provided schema adheres to a specified JSON schema. Text that is JSON is parsed first; other text is validated as a string (the reference refuses it as invalid JSON).",
        [
            Field.Any("base_schema", "The base JSON schema against which the user-provided schema will be validated (an object, or JSON text, or a template over config giving either).", required: true),
        ])
    {
        Factory = (node, _) => new ValidateAdheresToSchema(ValueTemplate.Compile(node.Value("base_schema")?.ToValue(), node.FieldPath("base_schema"))),
        Example = "type: ValidateAdheresToSchema\nbase_schema: { type: string, enum: [eu, us] }\n",
    };

    public string? Problem(object? value, TemplateScope scope)
    {
        var schemaValue = baseSchema.Evaluate(scope);
        if (schemaValue is string schemaText)
        {
            try { schemaValue = JsonValues.Parse(schemaText); }
            catch (JsonException e) { return $"the base_schema is not JSON: {e.Message}"; }
        }
        if (value is string text)
        {
            try { value = JsonValues.Parse(text); }
            catch (JsonException) { /* plain text: validated as the string it is */ }
        }
        JsonSchema schema;
        try { schema = JsonSchema.FromText(JsonValues.ToJson(schemaValue), ConfigValidator.Fresh(Dialect.Draft07)); }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException) { return $"the base_schema is not a valid JSON Schema: {e.Message}"; }
        using var document = JsonDocument.Parse(JsonValues.ToJson(value));
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return null;
        var first = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{(d.InstanceLocation.ToString() is "" or "#" ? "" : d.InstanceLocation + ": ")}{d.Errors!.First().Value}").FirstOrDefault();
        return $"JSON schema validation error: {first ?? "the value does not match the schema"}";
    }
}
