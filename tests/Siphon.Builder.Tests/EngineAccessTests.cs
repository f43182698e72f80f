using System.Reflection;
using System.Runtime.CompilerServices;

namespace Siphon.Builder.Tests;

public sealed class EngineAccessTests
{
    /// <summary>A front end that reaches the engine's internals breaks whenever the engine's inside changes; the builder uses the public API.</summary>
    [Fact]
    public void Engine_GrantsTheBuilderNoInternals()
    {
        var granted = typeof(Siphon.Runs.SourceReader).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(attribute => attribute.AssemblyName);

        Assert.DoesNotContain(typeof(BuilderHost).Assembly.GetName().Name, granted);
    }
}
