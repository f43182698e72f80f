using Siphon.Manifest;

namespace Siphon.Components;

/// <summary>
/// What a part Siphon cannot run stops, decided once, by where the part sits:
/// inside a stream or a dynamic stream, that stream only; under <c>check</c>, only the <c>check</c> command; under
/// <c>api_budget</c>, nothing (a warning), because call-rate policies pace requests and never change records;
/// anywhere else in the source (<c>spec.config_normalization_rules</c>, say), every stream, because every stream reads
/// what it would change, while <c>spec</c> still prints. Only the root itself stops the whole connector.
/// </summary>
public static class UnsupportedScope
{
    public static ManifestSeverity SeverityAt(string path) =>
        path.Length == 0 ? ManifestSeverity.Error : IsUnder(path, "api_budget") ? ManifestSeverity.Warning : ManifestSeverity.Unsupported;

    /// <summary>Whether an unsupported part at <paramref name="problemPath"/> stops the stream at <paramref name="streamPath"/>.</summary>
    public static bool StopsStream(string problemPath, string streamPath) => IsUnder(problemPath, streamPath) || IsSourceWide(problemPath);

    public static bool StopsCheck(string problemPath) => IsUnder(problemPath, "check") || IsSourceWide(problemPath);

    /// <summary>What an unsupported part at <paramref name="path"/> stops, in words.</summary>
    public static string Effect(string path) =>
        IsUnder(path, "check") ? "check cannot run"
        : IsUnder(path, "dynamic_streams") ? "this dynamic stream cannot run"
        : IsSourceWide(path) ? "no stream can run"
        : "this stream cannot run";

    private static bool IsSourceWide(string path) =>
        !IsUnder(path, "streams") && !IsUnder(path, "dynamic_streams") && !IsUnder(path, "check") && !IsUnder(path, "api_budget");

    public static bool IsUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] is '.' or '[');
}
