
namespace Siphon.Testing;

/// <summary>An exchange as the test-read result shows it: request and response with captured bodies, every secret redacted.</summary>
internal sealed class ExchangeViews(SecretRedactor redactor, BodyCaptureHandler? capture)
{
    public PageView Page(TestReadExchange exchange) => new()
    {
        Request = Request(exchange),
        Response = Response(exchange),
        JobId = exchange.Kind == "download" ? exchange.JobId : null,
        HttpAttempt = exchange.Sent.Attempt,
        StartedAt = exchange.Sent.Timestamp,
        DurationMs = Duration(exchange),
        Error = exchange.Failed?.Error,
    };

    public AuxiliaryRequest Auxiliary(TestReadExchange exchange) => new()
    {
        Title = exchange.Title,
        Type = exchange.Kind switch
        {
            "create" => "ASYNC_CREATE",
            "poll" => "ASYNC_POLL",
            "download_target" => "ASYNC_DOWNLOAD_TARGET",
            "abort" => "ASYNC_ABORT",
            "delete" => "ASYNC_DELETE",
            "auth" => "AUTH",
            "parent_stream" => "PARENT_STREAM",
            _ => "HTTP",
        },
        Description = exchange.Kind switch
        {
            "create" => "Create the server-side async job.",
            "poll" => "Poll the status of the server-side async job.",
            "download_target" => "Ask where the completed job's results can be downloaded.",
            "abort" => "Abort the running server-side async job.",
            "delete" => "Delete the specified job from the list of Jobs.",
            "auth" => "Obtain the credentials the requests of the stream use.",
            "parent_stream" => $"A request of the parent stream '{exchange.Sent.Origin?.Stream}', read for its partitions.",
            _ => $"{exchange.Sent.Step}",
        },
        Request = Request(exchange),
        Response = Response(exchange),
        Step = exchange.Kind,
        JobId = exchange.JobId,
        Attempt = exchange.Sent.Origin?.JobAttempt,
        Index = exchange.Index,
        HttpAttempt = exchange.Sent.Attempt,
        StartedAt = exchange.Sent.Timestamp,
        DurationMs = Duration(exchange),
        RawStatus = exchange.RawStatus,
        MappedStatus = exchange.MappedStatus,
        Error = exchange.Failed?.Error,
    };

    private static double? Duration(TestReadExchange exchange) =>
        (exchange.Received?.Duration ?? exchange.Failed?.Duration) is { } d ? Math.Round(d.TotalMilliseconds, 1) : null;

    private HttpRequestView Request(TestReadExchange exchange)
    {
        var sent = exchange.Sent;
        var body = BodyText.Of(capture?.Find(sent.Exchange)?.Request, redactor);
        return new HttpRequestView
        {
            Url = redactor.Redact(sent.Url),
            HttpMethod = sent.Method,
            Headers = Headers(sent.Headers),
            Body = body?.Text ?? (body is null && sent.BodyPreview is { } preview ? redactor.Redact(preview) : null),
            BodyBase64 = body?.Base64,
            ContentType = body?.ContentType,
            Truncated = body?.Truncated ?? false,
            Size = body?.Size,
        };
    }

    private HttpResponseView? Response(TestReadExchange exchange)
    {
        if (exchange.Received is not { } received) return null;
        var body = BodyText.Of(capture?.Find(received.Exchange)?.Response, redactor);
        return new HttpResponseView
        {
            Status = received.Status,
            Headers = Headers(received.Headers),
            Body = body?.Text ?? (body is null && received.BodyPreview is { } preview ? redactor.Redact(preview) : null),
            BodyBase64 = body?.Base64,
            Inflated = body?.Base64 is { } base64 ? InflatedBodyView.Of(Convert.FromBase64String(base64), redactor) : null,
            ContentType = body?.ContentType,
            Truncated = body?.Truncated ?? false,
            Size = body?.Size,
        };
    }

    private Dictionary<string, string> Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers) map[name] = redactor.Redact(value);
        return map;
    }
}
