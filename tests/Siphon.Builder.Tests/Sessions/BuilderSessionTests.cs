using Siphon.Builder.Editing;
using Siphon.Builder.Projects;
using Siphon.Builder.Sessions;

namespace Siphon.Builder.Tests.Sessions;

public sealed class BuilderSessionTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("siphon-projects-");

    [Fact]
    public async Task Commit_AfterAnotherTabSaved_IsRefusedAndTheNewerManifestIsLoaded()
    {
        var store = new ProjectStore(_root.FullName);
        var project = await store.CreateAsync("p", null, CancellationToken.None);
        using var first = new BuilderSession(store);
        using var second = new BuilderSession(store);
        await first.OpenAsync(project, CancellationToken.None);
        await second.OpenAsync(store.Find("p")!, CancellationToken.None);

        first.Model!.AddStream("from_first", asynchronous: false);
        await first.CommitAsync();
        second.Model!.AddStream("from_second", asynchronous: false);
        await second.CommitAsync();

        var onDisk = await File.ReadAllTextAsync(project.ManifestPath);
        Assert.Contains("from_first", onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain("from_second", onDisk, StringComparison.Ordinal);
        Assert.Equal(onDisk, second.SavedYaml);
        Assert.NotNull(second.Model.FindStream("from_first"));
        Assert.StartsWith("This project was saved from another tab", second.Notice);
        Assert.False(second.CanUndo);

        // Based on the newer manifest, the next change is saved.
        second.Model.AddStream("again", asynchronous: false);
        await second.CommitAsync();
        Assert.Contains("again", await File.ReadAllTextAsync(project.ManifestPath), StringComparison.Ordinal);
        Assert.Null(second.Notice);
    }

    [Fact]
    public async Task Draft_InvalidYaml_IsKeptOnDiskAndRestoredOnOpen_AndNotApplied()
    {
        var store = new ProjectStore(_root.FullName);
        var project = await store.CreateAsync("p", null, CancellationToken.None);
        using var session = new BuilderSession(store);
        await session.OpenAsync(project, CancellationToken.None);
        var saved = session.SavedYaml;

        await session.SetDraftAsync(saved + "streams: [\n");
        Assert.NotEmpty(await session.ApplyDraftAsync());

        using var reopened = new BuilderSession(store);
        await reopened.OpenAsync(store.Find("p")!, CancellationToken.None);
        Assert.Equal(saved + "streams: [\n", reopened.Draft);
        Assert.NotEmpty(reopened.DraftErrors);
        Assert.Equal(saved, await File.ReadAllTextAsync(project.ManifestPath));

        await reopened.SetDraftAsync(null);
        Assert.False(File.Exists(project.DraftPath));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
