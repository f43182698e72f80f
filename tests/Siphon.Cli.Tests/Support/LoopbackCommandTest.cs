using Siphon.Tests.Http.Support;

namespace Siphon.Cli.Tests.Support;

/// <summary>
/// A command test against a stand-in API on loopback: the server each test answers from, and the folder for the files
/// the command is given (manifest, config, catalog), both gone after the class's tests.
/// </summary>
public abstract class LoopbackCommandTest(string folderPrefix) : IAsyncLifetime
{
    protected LoopbackServer Server { get; } = new();
    protected TempFolder Dir { get; } = new(folderPrefix);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Dir.Dispose();
    }
}
