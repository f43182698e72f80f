using System.Text.RegularExpressions;
using Siphon.Builder.Editing;
using Siphon.Builder.Projects;
using Siphon.Manifest;
using Siphon.Source;
using Siphon.Values;

namespace Siphon.Builder.Sessions;

/// <summary>
/// What one browser tab is editing: the open project, its manifest model, undo history and current problems. Every
/// change is saved at once (autosave); undo steps back through the saved versions.
/// </summary>
public sealed partial class BuilderSession(ProjectStore store) : IDisposable
{
    private const int UndoDepth = 100;
    private readonly List<string> _undo = [];

    // Two changes saved at once (a field left while the previous one still saves) must not leave the older text on disk.
    private readonly SemaphoreSlim _saving = new(1, 1);

    public ProjectStore Store { get; } = store;
    public ConnectorProject? Project { get; private set; }
    public ManifestModel? Model { get; private set; }
    public string SavedYaml { get; private set; } = "";

    // The manifest as this tab last read or wrote it: a save is refused when the file no longer holds it.
    private string _basedOn = "";

    /// <summary>Something the author must know that happened to the project (a change refused because another tab saved first).</summary>
    public string? Notice { get; private set; }
    public IReadOnlyList<ManifestError> Problems { get; private set; } = [];

    /// <summary>YAML typed in the YAML editor and not applied yet (null when there is none), kept on disk until applied.</summary>
    public string? Draft { get; private set; }

    /// <summary>Why <see cref="Draft"/> cannot be read as YAML; empty when it can.</summary>
    public IReadOnlyList<ManifestError> DraftErrors { get; private set; } = [];
    public Dictionary<string, object?> TestingValues { get; private set; } = JsonValues.NewObject();

    /// <summary>The limits and input state of this tab's next Test (and the stream limit of Generate streams).</summary>
    public TestSettingsModel TestSettings { get; } = new();
    /// <summary>The stream the editor and the Test button work on.</summary>
    public string? SelectedStream
    {
        get => _selectedStream;
        set
        {
            if (_selectedStream == value) return;
            _selectedStream = value;
            Changed?.Invoke();
        }
    }

    private string? _selectedStream;

    /// <summary>Whether the Inputs dialog is open, and the input it asks for first (with why), when something asked for it.</summary>
    public (bool Open, string? Focus, string? Reason) Inputs { get; private set; }

    public void OpenInputs(string? focus = null, string? reason = null)
    {
        Inputs = (true, focus, reason);
        Changed?.Invoke();
    }

    public void CloseInputs()
    {
        Inputs = default;
        Changed?.Invoke();
    }
    public bool CanUndo => _undo.Count > 0;

    /// <summary>Raised after every change, so every component showing the manifest re-renders.</summary>
    public event Action? Changed;

    public async Task OpenAsync(ConnectorProject project, CancellationToken cancellationToken)
    {
        var yaml = await project.ReadManifestAsync(cancellationToken);
        var (root, _) = ManifestYaml.Parse(yaml);
        Project = project;
        Model = new ManifestModel(root ?? ManifestYaml.Parse(ManifestTemplates.Empty).Root!);
        SavedYaml = _basedOn = yaml;
        Notice = null;
        TestingValues = await project.ReadTestingValuesAsync(cancellationToken);
        Draft = await project.ReadDraftAsync(cancellationToken) is { } draft && draft != yaml ? draft : null;
        DraftErrors = Draft is null ? [] : ManifestYaml.Parse(Draft).Errors;
        _undo.Clear();
        SelectedStream = Model.Streams.FirstOrDefault()?.Name;
        Validate();
        Changed?.Invoke();
    }

    public void Close()
    {
        Project = null;
        Model = null;
        Changed?.Invoke();
    }

    /// <summary>Saves the model after a form changed it.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Project is null || Model is null) return;
        var yaml = Model.ToYaml();
        if (yaml == SavedYaml) { Changed?.Invoke(); return; }
        Push(SavedYaml);
        SavedYaml = yaml;
        await SaveAsync(cancellationToken);
        Validate();
        Changed?.Invoke();
    }

    /// <summary>Keeps YAML the author is typing (on disk too), with its syntax errors; the manifest is unchanged until applied.</summary>
    public async Task SetDraftAsync(string? yaml, CancellationToken cancellationToken = default)
    {
        if (Project is null) return;
        Draft = yaml == SavedYaml ? null : yaml;
        DraftErrors = Draft is null ? [] : ManifestYaml.Parse(Draft).Errors;
        await Project.SaveDraftAsync(Draft, cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>Applies the typed YAML, if any: answers its syntax errors (nothing changes) or none.</summary>
    public Task<IReadOnlyList<ManifestError>> ApplyDraftAsync(CancellationToken cancellationToken = default) =>
        Draft is { } draft ? ApplyYamlAsync(draft, cancellationToken) : Task.FromResult<IReadOnlyList<ManifestError>>([]);

    /// <summary>Replaces the manifest with YAML the author wrote; answers the syntax errors (nothing changes) or none.</summary>
    public async Task<IReadOnlyList<ManifestError>> ApplyYamlAsync(string yaml, CancellationToken cancellationToken = default)
    {
        if (Project is null) return [];
        var (root, errors) = ManifestYaml.Parse(yaml);
        if (root is null) return errors;
        if (yaml != SavedYaml) Push(SavedYaml);
        Model = new ManifestModel(root);
        SavedYaml = yaml;
        if (!await SaveAsync(cancellationToken)) return [];
        Draft = null;
        DraftErrors = [];
        await Project.SaveDraftAsync(null, cancellationToken);
        Validate();
        if (SelectedStream is not null && Model.FindStream(SelectedStream) is null) SelectedStream = Model.Streams.FirstOrDefault()?.Name;
        Changed?.Invoke();
        return [];
    }

    public async Task UndoAsync(CancellationToken cancellationToken = default)
    {
        if (Project is null || _undo.Count == 0) return;
        var previous = _undo[^1];
        _undo.RemoveAt(_undo.Count - 1);
        var (root, _) = ManifestYaml.Parse(previous);
        if (root is null) return;
        Model = new ManifestModel(root);
        SavedYaml = previous;
        await SaveAsync(cancellationToken);
        Validate();
        if (SelectedStream is not null && Model.FindStream(SelectedStream) is null) SelectedStream = Model.Streams.FirstOrDefault()?.Name;
        Changed?.Invoke();
    }

    /// <summary>Saves the testing values; a secret left empty keeps its saved value (secrets never travel back to the page).</summary>
    public async Task SaveTestingValuesAsync(IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken = default)
    {
        if (Project is null || Model is null) return;
        var merged = JsonValues.NewObject();
        foreach (var input in SpecInputs.Of(Model))
        {
            var value = values.GetValueOrDefault(input.Name);
            if (input.Secret && value is null or "" && TestingValues.TryGetValue(input.Name, out var saved)) value = saved;
            if (value is not null and not "") merged[input.Name] = value;
        }
        TestingValues = merged;
        await Project.SaveTestingValuesAsync(merged, cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>Reads the testing values again, after the project's test run kept a rotated config in them.</summary>
    public async Task ReloadTestingValuesAsync(CancellationToken cancellationToken = default)
    {
        if (Project is null) return;
        TestingValues = await Project.ReadTestingValuesAsync(cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>The problems of one stream (by its index in <c>streams</c>).</summary>
    public IReadOnlyList<ManifestError> StreamProblems(int index) =>
        Problems.Where(p => p.Severity != ManifestSeverity.Warning && StreamIndex(p.Path) == index).ToList();

    /// <summary>The problems of a part of a stream, e.g. <c>retriever.creation_requester</c>.</summary>
    public IReadOnlyList<ManifestError> ProblemsUnder(int index, string prefix) =>
        StreamProblems(index).Where(p => p.Path.StartsWith($"streams[{index}].{prefix}", StringComparison.Ordinal)).ToList();

    private static int? StreamIndex(string path)
    {
        var match = StreamPath().Match(path);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^streams\[(\d+)\]")]
    private static partial Regex StreamPath();

    /// <summary>
    /// Writes the latest manifest text, one write at a time, so the last write is always the newest text. When another
    /// tab saved since this one last did, nothing is written: this tab loads the newer manifest and says so (false).
    /// </summary>
    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            if (Project is not { } project) return false;
            var text = SavedYaml; // a change made while this one is written is the next save's
            if (await Store.SaveManifestAsync(project, _basedOn, text, cancellationToken))
            {
                _basedOn = text;
                Notice = null;
                return true;
            }
            var newer = await project.ReadManifestAsync(cancellationToken);
            Model = new ManifestModel(ManifestYaml.Parse(newer).Root ?? ManifestYaml.Parse(ManifestTemplates.Empty).Root!);
            SavedYaml = _basedOn = newer;
            _undo.Clear(); // stepping back to this tab's older versions would undo the other tab's work
            if (SelectedStream is not null && Model.FindStream(SelectedStream) is null) _selectedStream = Model.Streams.FirstOrDefault()?.Name;
            Notice = "This project was saved from another tab since this one loaded it: your last change was not saved, and the newer manifest is shown. Make the change again if you still want it.";
            return false;
        }
        finally
        {
            _saving.Release();
        }
    }

    public void Dispose() => _saving.Dispose();

    private void Validate() => Problems = ConnectorLoader.Parse("manifest.yaml", SavedYaml).Problems;

    private void Push(string yaml)
    {
        _undo.Add(yaml);
        if (_undo.Count > UndoDepth) _undo.RemoveAt(0);
    }
}
