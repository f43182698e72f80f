namespace Siphon.Cli;

/// <summary>Exit codes a shell script can rely on.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The manifest, config or data was wrong, a stream failed, or Siphon met an error it did not expect (<see cref="UnexpectedError"/>).</summary>
    public const int InvalidManifest = 1;
    /// <summary>The command line itself was wrong (missing file, bad option).</summary>
    public const int Usage = 2;
}
