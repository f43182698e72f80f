using Siphon.Components;

namespace Siphon.Source;

/// <summary>The reference's <c>BlockSimultaneousSyncsAction</c>, declared so manifests that use it load and say why it cannot run.</summary>
internal static class BlockSimultaneousSyncsAction
{
    public static readonly ComponentSpec Spec = new("BlockSimultaneousSyncsAction", ComponentKind.StreamGroupAction,
        "Action that prevents streams in the same group from being read concurrently.",
        [])
    {
        UnsupportedReason = "Siphon does not schedule stream groups yet; a group only limits which streams read at the same time and never changes records",
        Example = "type: BlockSimultaneousSyncsAction\n",
    };
}
