using Siphon.Components;

namespace Siphon.Source.ConfigNormalization;

/// <summary>The reference's <c>ConfigMigration</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class ConfigMigration
{
    public static readonly ComponentSpec Spec = new("ConfigMigration", ComponentKind.ConfigMigration,
        "A config migration that will be applied on the incoming config at the start of a sync.",
        [
            Field.Template("description", "The description/purpose of the config migration."),
            Field.Any("transformations", "The list of transformations that will attempt to be applied on an incoming unmigrated config.", required: true) with { Default = Array.Empty<object?>() }
        ])
    {
        UnsupportedReason = NotYetRun.Reason,
        Example = "type: ConfigMigration\ntransformations: []\n",
    };
}
