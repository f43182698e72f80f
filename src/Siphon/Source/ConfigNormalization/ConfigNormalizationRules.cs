using Siphon.Components;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Source.ConfigNormalization;

/// <summary>Changes a config in place (a migration's or a normalization's step).</summary>
public interface IConfigTransformation
{
    void Transform(Dictionary<string, object?> config, TimeProvider time);
}

/// <summary>Checks a config; returns why it is refused, or null.</summary>
public interface IConfigValidator
{
    string? Problem(Dictionary<string, object?> config, TimeProvider time);
}

/// <summary>What a config looks like after the manifest's rules: the config to run with, and the migrated one to announce.</summary>
/// <param name="Config">Migrated and transformed: what the run uses.</param>
/// <param name="Migrated">The config after the migrations alone when they changed it (the platform saves it); null otherwise.</param>
public sealed record NormalizedConfig(Dictionary<string, object?> Config, Dictionary<string, object?>? Migrated);

/// <summary>
/// <c>ConfigNormalizationRules</c> (in <c>spec</c>): migrations that bring an old config to the current shape (the
/// result is announced once, as the reference does, so the platform stores it), transformations applied to every run's
/// config without being stored, and validations that refuse a config before any request is sent.
/// </summary>
public sealed class ConfigNormalizationRules(IReadOnlyList<ConfigMigration> migrations, IReadOnlyList<IConfigTransformation> transformations,
    IReadOnlyList<NamedConfigValidator> validations)
{
    public static readonly ComponentSpec Spec = new("ConfigNormalizationRules", ComponentKind.ConfigNormalization,
        "Migrations, transformations and validations applied to the user's config before anything runs.",
        [
            Field.Components("config_migrations", ComponentKind.ConfigMigration,
                "The discrete migrations that will be applied on the incoming config. Each migration will be applied in the order they are defined.", implied: "ConfigMigration"),
            Field.Components("transformations", ComponentKind.ConfigTransformation,
                "The list of transformations that will be applied on the incoming config at the start of each sync. The transformations will be applied in the order they are defined."),
            Field.Components("validations", ComponentKind.ConfigValidator,
                "The list of validations that will be performed on the incoming config at the start of each sync."),
        ])
    {
        Factory = (node, context) => new ConfigNormalizationRules(
            node.Children("config_migrations").Select(context.Build<ConfigMigration>).ToList(),
            node.Children("transformations").Select(context.Build<IConfigTransformation>).ToList(),
            node.Children("validations").Select(v => new NamedConfigValidator($"{v.Position} {v.Path} ({v.Spec.Type})", context.Build<IConfigValidator>(v))).ToList()),
        Example = """
            type: ConfigNormalizationRules
            config_migrations:
              - type: ConfigMigration
                transformations:
                  - type: ConfigRemapField
                    field_path: [region]
                    map: { eu: europe }
            validations:
              - type: DpathValidator
                field_path: [region]
                validation_strategy: { type: ValidateAdheresToSchema, base_schema: { type: string } }
            """,
    };

    /// <summary>
    /// Migrates then transforms a copy of <paramref name="config"/>. The copy is deep: the reference copies only the top
    /// level, so a migration of a nested field also changes its input and is then never seen as a change.
    /// </summary>
    public NormalizedConfig Normalize(IReadOnlyDictionary<string, object?> config, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var working = (Dictionary<string, object?>)ResultTyping.Copy(config.ToDictionary(StringComparer.Ordinal))!;
        Dictionary<string, object?>? migrated = null;
        if (migrations.Count > 0)
        {
            var before = JsonValues.ToJson(working);
            foreach (var migration in migrations) migration.Apply(working, time);
            if (JsonValues.ToJson(working) != before) migrated = (Dictionary<string, object?>)ResultTyping.Copy(working)!;
        }
        foreach (var transformation in transformations) transformation.Transform(working, time);
        return new NormalizedConfig(working, migrated);
    }

    /// <summary>Why the config is refused, naming the rule (its position, path and type), or null when every validation passes.</summary>
    public string? Problem(Dictionary<string, object?> config, TimeProvider? time = null)
    {
        foreach (var validation in validations)
            if (validation.Validator.Problem(config, time ?? TimeProvider.System) is { } problem)
                return $"{validation.Rule}: {problem}";
        return null;
    }

    /// <summary>The scope config rules' templates see: the config being normalized, and no parameters.</summary>
    internal static TemplateScope Scope(Dictionary<string, object?> config, TimeProvider time) =>
        new(new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config, ["parameters"] = JsonValues.NewObject() }, time);
}

/// <summary>A validation and where the manifest defines it, so a refused config names the rule it failed.</summary>
public sealed record NamedConfigValidator(string Rule, IConfigValidator Validator);
