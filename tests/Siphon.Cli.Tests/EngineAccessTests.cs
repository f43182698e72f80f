using System.Reflection;
using System.Runtime.CompilerServices;

namespace Siphon.Cli.Tests;

public sealed class EngineAccessTests
{
    /// <summary>A front end that reaches the engine's internals breaks whenever the engine's inside changes; the CLI uses the public API.</summary>
    [Fact]
    public void Engine_GrantsTheCliNoInternals()
    {
        var granted = typeof(Siphon.Runs.SourceReader).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(attribute => attribute.AssemblyName);

        Assert.DoesNotContain(typeof(SiphonCommand).Assembly.GetName().Name, granted);
    }
}
