using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary><c>ConfigMigration</c>: transformations that bring an old config to the current shape, applied in order.</summary>
public sealed class ConfigMigration(IReadOnlyList<IConfigTransformation> transformations)
{
    public static readonly ComponentSpec Spec = new("ConfigMigration", ComponentKind.ConfigMigration,
        "A config migration that will be applied on the incoming config at the start of a sync.",
        [
            Field.String("description", "The description/purpose of the config migration."),
            Field.Components("transformations", ComponentKind.ConfigTransformation,
                "The list of transformations that will attempt to be applied on an incoming unmigrated config. The transformations will be applied in the order they are defined.", required: true),
        ])
    {
        Factory = (node, context) => new ConfigMigration(node.Children("transformations").Select(context.Build<IConfigTransformation>).ToList()),
        Example = "type: ConfigMigration\ndescription: renames the region values\ntransformations:\n  - type: ConfigRemapField\n    field_path: [region]\n    map: { eu: europe }\n",
    };

    public void Apply(Dictionary<string, object?> config, TimeProvider time)
    {
        foreach (var transformation in transformations) transformation.Transform(config, time);
    }
}
