namespace Siphon.Simulator;

/// <summary>The names of the simulated API families, as used in scenario files, stats and <c>/__expected?family=</c>.</summary>
public static class SimFamily
{
    public const string Contacts = "contacts";
    public const string Reports = "reports";
    public const string RequestReply = "requestReply";
    public const string BulkQuery = "bulkQuery";
    public const string Lists = "lists";
    public const string Segments = "segments";

    public static IReadOnlyList<string> All { get; } = [Contacts, Reports, RequestReply, BulkQuery, Lists, Segments];
}
