namespace Siphon.Builder.Tests;

public sealed class EngineAccessTests
{
    /// <summary>A front end that reaches the engine's internals breaks whenever the engine's inside changes; the builder uses the public API.</summary>
    [Fact]
    public void Engine_GrantsTheBuilderNoInternals() =>
        InternalsAccess.AssertNoneGranted(typeof(Siphon.Runs.SourceReader).Assembly, typeof(BuilderHost).Assembly);
}
