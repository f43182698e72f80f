namespace Siphon.Cli.Tests;

public sealed class EngineAccessTests
{
    /// <summary>A front end that reaches the engine's internals breaks whenever the engine's inside changes; the CLI uses the public API.</summary>
    [Fact]
    public void Engine_GrantsTheCliNoInternals() =>
        InternalsAccess.AssertNoneGranted(typeof(Siphon.Runs.SourceReader).Assembly, typeof(SiphonCommand).Assembly);
}
