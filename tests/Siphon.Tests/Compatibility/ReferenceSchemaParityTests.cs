using Siphon.Components;
using Siphon.Manifest;
using Siphon.Tests.Support;

namespace Siphon.Tests.Compatibility;

/// <summary>
/// The reference's schema is the compatibility contract: every type and field it defines is in the registry, run or
/// declared not run yet, with the reference's required fields and defaults unless the field says how and why it differs.
/// </summary>
public sealed class ReferenceSchemaParityTests
{
    /// <summary>
    /// Definitions that are not components (no <c>type</c> of their own): value shapes Siphon keeps as plain values of
    /// the field that holds them.
    /// </summary>
    private static readonly Dictionary<string, string> ValueShapes = new(StringComparer.Ordinal)
    {
        ["AuthFlow"] = "Spec.advanced_auth",
        ["OAuthConfigSpecification"] = "Spec.advanced_auth",
        ["ComplexFieldType"] = "SchemaTypeIdentifier.types_mapping",
        ["TypesMap"] = "SchemaTypeIdentifier.types_mapping",
        ["PrimaryKey"] = "DeclarativeStream.primary_key",
        ["SchemaNormalization"] = "RecordSelector.schema_normalization",
        ["Schemas"] = "DeclarativeSource.schemas",
        ["StreamGroup"] = "DeclarativeSource.stream_groups",
        ["ValueType"] = "AddedFieldDefinition.value_type",
        ["RequestBodyGraphQlQuery"] = "RequestBodyGraphQL.value",
    };

    /// <summary>Keys any component may carry, which the validator always allows.</summary>
    private static readonly string[] AlwaysAllowed = ["type", "$parameters", "description", "title"];

    [SharedDataFact("airbyte-cdk-schema")]
    public void Registry_ReferenceSchema_HasEveryTypeAndField()
    {
        var missing = new List<string>();
        foreach (var (name, definition) in Definitions())
        {
            if (ValueShapes.TryGetValue(name, out var holder))
            {
                var (type, field) = (holder.Split('.')[0], holder.Split('.')[1]);
                if (!ComponentRegistry.Default.TryGet(type, out var holderSpec) || holderSpec.FindField(field) is null)
                    missing.Add($"{name}: held by {holder}, which is not in the registry");
                continue;
            }
            if (!TryGetSpec(name, definition, out var spec))
            {
                missing.Add($"type {name}");
                continue;
            }
            foreach (var property in Properties(definition).Where(p => !AlwaysAllowed.Contains(p.Key)))
                if (spec.FindField(property.Key) is null) missing.Add($"{name}.{property.Key}");
        }

        Assert.True(missing.Count == 0, "missing from the registry:\n" + string.Join("\n", missing));
    }

    [SharedDataFact("airbyte-cdk-schema")]
    public void Registry_ReferenceSchema_RequiredFieldsAndDefaultsMatchOrSayWhyNot()
    {
        var mismatches = new List<string>();
        foreach (var (name, definition) in Definitions())
        {
            if (ValueShapes.ContainsKey(name) || !TryGetSpec(name, definition, out var spec)) continue;
            var required = (definition["required"] as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToHashSet() ?? [];
            foreach (var property in Properties(definition).Where(p => !AlwaysAllowed.Contains(p.Key)))
            {
                if (spec.FindField(property.Key) is not { } field) continue;
                var referenceDefault = (property.Value as ManifestMap)?["default"]?.ToValue();
                var differs = field.Required != required.Contains(property.Key) || !SameDefault(field.Default, referenceDefault);
                if (differs && field.ReferenceDifference is null)
                    mismatches.Add($"{name}.{property.Key}: required {field.Required} default {Show(field.Default)}; the reference: required {required.Contains(property.Key)} default {Show(referenceDefault)}");
                if (!differs && field.ReferenceDifference is not null)
                    mismatches.Add($"{name}.{property.Key}: says it differs from the reference ({field.ReferenceDifference}) but no longer does");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Registry_FieldThatDiffersFromTheReference_SaysSoInTheGeneratedSchema()
    {
        var schema = JsonSchemaGenerator.Generate(ComponentRegistry.Default);

        var definitions = (Dictionary<string, object?>)schema["$defs"]!;
        var apiKey = (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)definitions["ApiKeyAuthenticator"]!)["properties"]!)["api_token"]!;
        Assert.Contains("the reference sends an empty key", (string)apiKey["description"]!);
    }

    [Fact]
    public void Registry_EveryTypeSiphonDoesNotRun_SaysWhy()
    {
        Assert.All(ComponentRegistry.Default.All.Where(s => s.Factory is null), s => Assert.False(string.IsNullOrWhiteSpace(s.UnsupportedReason), s.Type));
        Assert.All(ComponentRegistry.Default.All.SelectMany(s => s.Fields).Where(f => f.NotRunReason is not null), f => Assert.NotEqual(FieldType.Component, f.Type));
    }

    /// <summary>A component's spec: registered under the definition's name, or under the type value manifests write when that differs.</summary>
    internal static bool TryGetSpec(string name, ManifestMap definition, out ComponentSpec spec)
    {
        if (ComponentRegistry.Default.TryGet(name, out spec)) return true;
        var written = ((definition["properties"] as ManifestMap)?["type"] as ManifestMap)?["enum"] as ManifestList;
        return written?.Items.OfType<ManifestScalar>().Any(t => ComponentRegistry.Default.TryGet(t.Text, out _)) == true
            && ComponentRegistry.Default.TryGet(((ManifestScalar)written.Items[0]).Text, out spec);
    }

    /// <summary>
    /// Python's falsy defaults ("", [], false) mean "absent" in the reference (it reads fields with <c>or</c>), which is
    /// what no default means in Siphon; other defaults must be equal.
    /// </summary>
    internal static bool SameDefault(object? siphon, object? reference) =>
        IsAbsent(siphon) && IsAbsent(reference) || Normalise(siphon) == Normalise(reference);

    private static bool IsAbsent(object? value) => value is null or "" or false || value is System.Collections.ICollection { Count: 0 };

    internal static string Normalise(object? value) => value switch
    {
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Normalise)) + "]",
        long or int or double => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };

    private static string Show(object? value) => value is null ? "none" : Normalise(value);

    internal static IEnumerable<KeyValuePair<string, ManifestNode>> Properties(ManifestMap definition) =>
        (definition["properties"] as ManifestMap)?.Entries.Select(e => KeyValuePair.Create(e.Key, e.Value)) ?? [];

    /// <summary>Every definition of the reference's schema, and the schema's root as DeclarativeSource.</summary>
    internal static IEnumerable<(string Name, ManifestMap Definition)> Definitions()
    {
        var path = Path.Combine(SharedTestData.CdkSchema.Path, "declarative_component_schema.yaml");
        var root = Assert.IsType<ManifestMap>(ManifestDocument.Parse(path, File.ReadAllText(path)).Raw);
        yield return ("DeclarativeSource", root);
        foreach (var entry in ((ManifestMap)root["definitions"]!).Entries)
            yield return (entry.Key, (ManifestMap)entry.Value);
    }
}
