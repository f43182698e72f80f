using System.Text.Json;
using Json.Schema;
using Siphon.Values;

namespace Siphon.Source;

/// <summary>Checks a user's config against the spec's <c>connection_specification</c> and says every problem at once.</summary>
public static class ConfigValidator
{
    // Airbyte specs are draft-07 and carry the platform's own keywords (order, group, airbyte_secret, pattern_descriptor...):
    // the library's default dialect rejects unknown keywords, draft-07 keeps them as annotations.
    // BuildOptions holds a schema registry that every FromText writes to: shared, it is neither thread-safe nor bounded,
    // so each build gets fresh options from its draft's dialect.
    private static readonly Dialect DefaultDialect = Dialect.Draft07;

    // The reference (python-jsonschema) picks the draft a spec's $schema names and falls back to a default for any
    // spelling it does not know (https, no '#', draft-04...), where JsonSchema.Net refuses the whole schema. So the
    // draft is chosen here from the URI's path and the library is given the schema without $schema.
    private static readonly Dictionary<string, Dialect> Drafts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["draft-06/schema"] = Dialect.Draft06,
        ["draft-07/schema"] = Dialect.Draft07,
        ["draft/2019-09/schema"] = Dialect.Draft201909,
        ["draft/2020-12/schema"] = Dialect.Draft202012,
    };

    /// <summary>The problems, each as "path: message"; empty when the config is valid or there is no spec.</summary>
    public static IReadOnlyList<string> Validate(SpecDefinition? spec, Dictionary<string, object?> config)
    {
        if (spec?.ConnectionSpecification is not Dictionary<string, object?>) return [];
        var schema = spec.CompiledSchema;
        if (schema is null)
        {
            (schema, var problem) = Compile(spec.ConnectionSpecification);
            if (problem is not null) return [$"the spec's connection_specification is not a valid JSON Schema: {problem}"];
        }
        using var document = JsonDocument.Parse(JsonValues.ToJson(config));
        var result = schema!.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Where(d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .ToList();
    }

    /// <summary>Why <paramref name="connectionSpecification"/> is not a JSON Schema a config can be checked against, or null.</summary>
    public static string? SchemaProblem(object? connectionSpecification) => Compile(connectionSpecification).Problem;

    /// <summary>The schema a config is checked against, or why <paramref name="connectionSpecification"/> is not one.</summary>
    internal static (JsonSchema? Schema, string? Problem) Compile(object? connectionSpecification)
    {
        if (connectionSpecification is not Dictionary<string, object?> schema) return (null, "expected an object (a JSON Schema)");
        try
        {
            var (text, options) = Prepared(schema);
            return (JsonSchema.FromText(text, options), null);
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Starts JsonSchema.Net's one-time initialisation (its keyword and dialect tables: ~40 ms of type loading before the
    /// first schema compiles) on another core, so that it overlaps reading the manifest instead of following it. The
    /// protocol commands call it first; whichever thread comes second waits for the same initialisation, so losing the
    /// race costs nothing.
    /// </summary>
    public static Task WarmUpAsync() => Task.Run(() =>
    {
        var schema = JsonSchema.FromText("""{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}""", Fresh(DefaultDialect));
        using var document = JsonDocument.Parse("""{"a":1}""");
        schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    });

    /// <summary>The schema's text without its root <c>$schema</c>, and the options of the draft that named.</summary>
    private static (string Text, BuildOptions Options) Prepared(Dictionary<string, object?> schema)
    {
        if (!schema.TryGetValue("$schema", out var declared)) return (JsonValues.ToJson(schema), Fresh(DefaultDialect));
        var dialect = declared is string uri && Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            && parsed.Host.Equals("json-schema.org", StringComparison.OrdinalIgnoreCase)
            && Drafts.TryGetValue(parsed.AbsolutePath.Trim('/'), out var known) ? known : DefaultDialect;
        var copy = new Dictionary<string, object?>(schema, schema.Comparer);
        copy.Remove("$schema");
        return (JsonValues.ToJson(copy), Fresh(dialect));
    }

    /// <summary>Build options with their own schema registry: the default one is process-wide, unbounded and not thread-safe.</summary>
    internal static BuildOptions Fresh(Dialect dialect) => new() { Dialect = dialect, SchemaRegistry = new SchemaRegistry() };

    private static string Where(string pointer) => pointer is "" or "#" ? "config" : "config" + pointer.TrimStart('#').Replace('/', '.');
}
