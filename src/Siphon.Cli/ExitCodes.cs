namespace Siphon.Cli;

/// <summary>Exit codes a shell script can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The manifest, config or data was wrong, or a stream failed.</summary>
    public const int InvalidManifest = 1;
    /// <summary>The command line itself was wrong (missing file, bad option).</summary>
    public const int Usage = 2;
}
