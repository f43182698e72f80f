namespace Siphon.Manifest;

/// <summary>A manifest file read and with its references resolved; not yet validated.</summary>
public sealed record ManifestDocument(string File, ManifestNode? Raw, ManifestNode? Resolved, IReadOnlyList<ManifestError> Errors)
{
    /// <summary>Reads a manifest from disk. Never throws for bad content: problems are in <see cref="Errors"/>.</summary>
    public static async Task<ManifestDocument> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await System.IO.File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(Path.GetFileName(path), text);
    }

    public static ManifestDocument Parse(string file, string text)
    {
        var errors = new List<ManifestError>();
        var raw = YamlManifestReader.Read(file, text, errors);
        if (raw is null)
        {
            if (errors.Count == 0)
                errors.Add(new ManifestError(new SourcePosition(file, 1, 1), "", ManifestErrorKind.Syntax, "the manifest is empty"));
            return new ManifestDocument(file, null, null, errors);
        }
        var resolved = ReferenceResolver.Resolve(raw, errors);
        return new ManifestDocument(file, raw, resolved, errors);
    }
}
