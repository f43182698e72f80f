
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

    /// <summary>What a request is, from its step's kind and its origin (never from the step's text, which is for people): a page of the stream, a job step, or something global.</summary>
    public static TestReadExchange Classify(HttpRequestSent sent, string stream)
    {
        var step = sent.Step;
        if (step.Kind == StepKind.OAuthToken) return new(sent, ExchangePlacement.Global, "auth", "Authentication -- OAuth token");
        if (step.Kind == StepKind.LogIn) return new(sent, ExchangePlacement.Global, "auth", "Authentication -- Session token");
        if (sent.Origin is null) return new(sent, ExchangePlacement.Global, "http", step.Text);
        if (sent.Origin.Stream != stream) return new(sent, ExchangePlacement.Global, "parent_stream", $"Parent stream: {sent.Origin.Stream}");
        return step.Kind switch
        {
            StepKind.CreateJob => new(sent, ExchangePlacement.JobStep, "create", "Async Job -- Create"),
            StepKind.PollJob => new(sent, ExchangePlacement.JobStep, "poll", "Async Job -- Polling"),
            StepKind.DownloadTarget => new(sent, ExchangePlacement.JobStep, "download_target", "Async Job -- Download Target"),
            StepKind.AbortJob => new(sent, ExchangePlacement.JobStep, "abort", "Async Job -- Abort"),
            StepKind.DeleteJob => new(sent, ExchangePlacement.JobStep, "delete", "Async Job -- Delete"),
            _ => new(sent, ExchangePlacement.Page, step.Kind == StepKind.Download ? "download" : "page", $"Stream '{stream}' request"),
        };
    }
}
