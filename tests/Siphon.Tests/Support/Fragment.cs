using Siphon.Components;
using Siphon.Manifest;

namespace Siphon.Tests.Support;

/// <summary>Builds one component from a YAML fragment through the real registry, as a manifest would.</summary>
public static class Fragment
{
    public static T Build<T>(string yaml, ComponentKind kind, string? impliedType = null) where T : class
    {
        var result = ManifestValidator.ValidateFragment(ManifestDocument.Parse("fragment.yaml", yaml), ComponentRegistry.Default, kind, impliedType);
        Assert.True(result.Root is not null && !result.Errors.Any(), string.Join(" | ", result.Problems));
        return new BuildContext(ComponentRegistry.Default, "fragment.yaml").Build<T>(result.Root!);
    }
}
