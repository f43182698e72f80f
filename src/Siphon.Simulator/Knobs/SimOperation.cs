namespace Siphon.Simulator;

/// <summary>The operation names that <see cref="Knobs.RateLimitEvery"/> and <see cref="Knobs.ErrorBursts"/> key on.</summary>
public static class SimOperation
{
    public const string Create = "create";
    public const string Poll = "poll";
    public const string DownloadTarget = "downloadTarget";
    public const string Download = "download";
    public const string Abort = "abort";
    public const string Delete = "delete";
    public const string List = "list";

    public static IReadOnlyList<string> All { get; } = [Create, Poll, DownloadTarget, Download, Abort, Delete, List];
}
