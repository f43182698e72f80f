using Siphon.Runs;

namespace Siphon.Testing;

/// <summary>Where a test read shows an exchange: among a slice's pages, among its job's requests, or on its own.</summary>
internal enum ExchangePlacement { Page, JobStep, Global }

/// <summary>One HTTP exchange of a test read as the run events told it: the request, then its response or failure, and what it was for.</summary>
internal sealed class TestReadExchange(HttpRequestSent sent, ExchangePlacement placement, string kind, string title)
{
    public HttpRequestSent Sent { get; } = sent;
    public ExchangePlacement Placement { get; } = placement;
    public string Kind { get; } = kind;
    public string Title { get; } = title;
    public HttpResponseReceived? Received { get; set; }
    public HttpRequestFailed? Failed { get; set; }
    public int? Index { get; set; }
    public string? JobId { get; set; }
    public string? RawStatus { get; set; }
    public string? MappedStatus { get; set; }
    public int? PageRecords { get; set; }

    /// <summary>What a request is, from its step and origin: a page of the stream, a job step, or something global.</summary>
    public static TestReadExchange Classify(HttpRequestSent sent, string stream)
    {
        var step = sent.Step;
        if (step.EndsWith(": obtain OAuth token", StringComparison.Ordinal)) return new(sent, ExchangePlacement.Global, "auth", "Authentication -- OAuth token");
        if (step.EndsWith(": log in", StringComparison.Ordinal)) return new(sent, ExchangePlacement.Global, "auth", "Authentication -- Session token");
        if (sent.Origin is null) return new(sent, ExchangePlacement.Global, "http", step);
        if (sent.Origin.Stream != stream) return new(sent, ExchangePlacement.Global, "parent_stream", $"Parent stream: {sent.Origin.Stream}");
        if (step == "create job") return new(sent, ExchangePlacement.JobStep, "create", "Async Job -- Create");
        if (step.StartsWith("poll job ", StringComparison.Ordinal)) return new(sent, ExchangePlacement.JobStep, "poll", "Async Job -- Polling");
        if (step.StartsWith("download target of job ", StringComparison.Ordinal)) return new(sent, ExchangePlacement.JobStep, "download_target", "Async Job -- Download Target");
        if (step.StartsWith("abort job ", StringComparison.Ordinal)) return new(sent, ExchangePlacement.JobStep, "abort", "Async Job -- Abort");
        if (step.StartsWith("delete job ", StringComparison.Ordinal)) return new(sent, ExchangePlacement.JobStep, "delete", "Async Job -- Delete");
        return new(sent, ExchangePlacement.Page, step.StartsWith("download of job ", StringComparison.Ordinal) ? "download" : "page", $"Stream '{stream}' request");
    }
}
