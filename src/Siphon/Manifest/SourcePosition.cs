namespace Siphon.Manifest;

/// <summary>Where a manifest node came from: file, 1-based line and column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
