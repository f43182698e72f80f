namespace Siphon.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Engine_Assembly_Loads() => Assert.NotNull(typeof(Siphon.Manifest.SourcePosition).Assembly);
}
