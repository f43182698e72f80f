using System.Collections.Concurrent;

namespace Siphon.Builder.Projects;

/// <summary>The projects the builder knows: every folder under its root that holds a manifest, plus any opened by path.</summary>
public sealed class ProjectStore
{
    private readonly List<string> _opened = [];

    // One manifest write at a time per project, so "is the file still what this tab last saw?" and the write are one step.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writes = new(StringComparer.Ordinal);

    public ProjectStore(string root, string? openProject = null)
    {
        Root = Path.GetFullPath(root);
        System.IO.Directory.CreateDirectory(Root);
        if (openProject is null) return;
        _opened.Add(Path.GetFullPath(openProject));
        System.IO.Directory.CreateDirectory(openProject);
    }

    public string Root { get; }

    /// <summary>The project <c>siphon serve --project</c> named, opened first.</summary>
    public ConnectorProject? Initial => _opened.Count > 0 ? Open(_opened[0]) : null;

    public IReadOnlyList<ConnectorProject> List()
    {
        lock (_opened)
        {
            var folders = System.IO.Directory.EnumerateDirectories(Root)
                .Where(d => File.Exists(Path.Combine(d, ConnectorProject.ManifestFile)))
                .Concat(_opened.Where(System.IO.Directory.Exists))
                .Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).OrderBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase);
            return folders.Select(d => new ConnectorProject(d)).ToList();
        }
    }

    public ConnectorProject? Find(string name) => List().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    public ConnectorProject Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        lock (_opened)
            if (!_opened.Contains(full) && !string.Equals(Path.GetDirectoryName(full), Root, StringComparison.Ordinal)) _opened.Add(full);
        System.IO.Directory.CreateDirectory(full);
        return new ConnectorProject(full);
    }

    /// <summary>
    /// Saves the manifest unless it changed since <paramref name="basedOn"/> (the text the saver last read or wrote):
    /// false when another tab saved in between, whose edits an unconditional write would silently undo.
    /// </summary>
    public async Task<bool> SaveManifestAsync(ConnectorProject project, string basedOn, string yaml, CancellationToken cancellationToken)
    {
        var gate = _writes.GetOrAdd(project.Directory, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await project.ReadManifestAsync(cancellationToken) != basedOn) return false;
            await project.SaveManifestAsync(yaml, cancellationToken);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Creates a project (optionally from an imported manifest); the name must be a plain folder name not yet taken.</summary>
    public async Task<ConnectorProject> CreateAsync(string name, string? manifestYaml, CancellationToken cancellationToken)
    {
        var problem = NameProblem(name);
        if (problem is not null) throw new ArgumentException(problem, nameof(name));
        var project = new ConnectorProject(Path.Combine(Root, name.Trim()));
        System.IO.Directory.CreateDirectory(project.Directory);
        await project.SaveManifestAsync(manifestYaml ?? ManifestTemplates.Empty, cancellationToken);
        await project.SaveTestingValuesAsync(Values.JsonValues.NewObject(), cancellationToken);
        return project;
    }

    public void Rename(ConnectorProject project, string newName)
    {
        var problem = NameProblem(newName);
        if (problem is not null) throw new ArgumentException(problem, nameof(newName));
        var target = Path.Combine(Path.GetDirectoryName(project.Directory)!, newName.Trim());
        System.IO.Directory.Move(project.Directory, target);
        lock (_opened)
        {
            var index = _opened.IndexOf(project.Directory);
            if (index >= 0) _opened[index] = target;
        }
        project.MovedTo(target);
    }

    /// <summary>Why a project name is not usable, or null.</summary>
    public string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "a project needs a name";
        var trimmed = name.Trim();
        if (trimmed.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || trimmed is "." or ".." || trimmed.Contains('/') || trimmed.Contains('\\'))
            return $"'{trimmed}' is not a folder name";
        if (System.IO.Directory.Exists(Path.Combine(Root, trimmed))) return $"a project named '{trimmed}' already exists";
        return null;
    }
}
