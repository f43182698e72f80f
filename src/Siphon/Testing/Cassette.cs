using System.Net;
using System.Text;
using System.Text.Json;

namespace Siphon.Testing;

/// <summary>
/// Every exchange of a recorded test read, secrets redacted, so a later test read can replay it without the network
/// (and without creating a provider job each time). Bodies are kept whole: text as text, anything else as base64.
/// </summary>
public sealed record Cassette
{
    public int Version { get; init; } = 1;
    public List<CassetteExchange> Exchanges { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(StreamReadResult.JsonOptions) { WriteIndented = true });

    public static Cassette FromJson(string json) =>
        JsonSerializer.Deserialize<Cassette>(json, StreamReadResult.JsonOptions) ?? throw new JsonException("the cassette is empty");

    public static async Task<Cassette> LoadAsync(string path, CancellationToken cancellationToken) =>
        FromJson(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    public Task SaveAsync(string path, CancellationToken cancellationToken) => File.WriteAllTextAsync(path, ToJson(), cancellationToken);
}

public sealed record CassetteExchange
{
    public required string Method { get; init; }
    public required string Url { get; init; }

    /// <summary>Where redirects led (the request-reply pattern tells completion by it); null when not redirected.</summary>
    public string? FinalUrl { get; init; }
    public List<KeyValuePair<string, string>> RequestHeaders { get; init; } = [];
    public string? RequestBody { get; init; }
    public int Status { get; init; }
    public string? Reason { get; init; }
    public List<KeyValuePair<string, string>> ResponseHeaders { get; init; } = [];
    public string? ResponseBody { get; init; }
    public string? ResponseBodyBase64 { get; init; }
}

/// <summary>Records every exchange that passes through it; <see cref="ToCassette"/> redacts with the run's final secrets.</summary>
public sealed class CassetteRecorder : DelegatingHandler
{
    private readonly List<Entry> _entries = [];

    private sealed record Entry(HttpMethod Method, string Url, List<KeyValuePair<string, string>> RequestHeaders, byte[]? RequestBody)
    {
        public HttpResponseMessage? Response { get; set; }
        public string? FinalUrl { get; set; }
        public BodyTap? Body { get; set; }
        public List<KeyValuePair<string, string>> ResponseHeaders { get; } = [];
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        var entry = new Entry(request.Method, request.RequestUri?.ToString() ?? "", Headers(request.Headers, request.Content?.Headers), body);
        lock (_entries) _entries.Add(entry);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        entry.Response = response;
        var final = response.RequestMessage?.RequestUri?.ToString();
        if (final is not null && final != entry.Url) entry.FinalUrl = final;
        entry.ResponseHeaders.AddRange(Headers(response.Headers, response.Content.Headers));
        entry.Body = new BodyTap(long.MaxValue, response.Content.Headers.ContentType?.ToString());
        response.Content = new TappedContent(response.Content, entry.Body);
        return response;
    }

    private static List<KeyValuePair<string, string>> Headers(System.Net.Http.Headers.HttpHeaders headers, System.Net.Http.Headers.HttpHeaders? content)
    {
        var list = headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList();
        if (content is not null) list.AddRange(content.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))));
        return list;
    }

    /// <summary>The exchanges that got a response, in the order they were sent, every secret replaced by <c>****</c>.</summary>
    public Cassette ToCassette(SecretRedactor redactor)
    {
        List<Entry> entries;
        lock (_entries) entries = [.. _entries];
        var cassette = new Cassette();
        foreach (var entry in entries.Where(e => e.Response is not null))
        {
            var bytes = entry.Body!.Bytes();
            var text = BodyText.AsText(bytes, cut: false);
            cassette.Exchanges.Add(new CassetteExchange
            {
                Method = entry.Method.Method,
                Url = redactor.Redact(entry.Url),
                FinalUrl = entry.FinalUrl is null ? null : redactor.Redact(entry.FinalUrl),
                RequestHeaders = Redacted(entry.RequestHeaders, redactor),
                RequestBody = entry.RequestBody is null ? null : redactor.Redact(Encoding.UTF8.GetString(entry.RequestBody)),
                Status = (int)entry.Response!.StatusCode,
                Reason = entry.Response.ReasonPhrase,
                ResponseHeaders = Redacted(entry.ResponseHeaders, redactor),
                ResponseBody = text is null ? null : redactor.Redact(text),
                ResponseBodyBase64 = text is null ? Convert.ToBase64String(bytes) : null,
            });
        }
        return cassette;
    }

    private static List<KeyValuePair<string, string>> Redacted(List<KeyValuePair<string, string>> headers, SecretRedactor redactor) =>
        headers.Select(h => new KeyValuePair<string, string>(h.Key, redactor.Redact(h.Value))).ToList();
}

/// <summary>
/// Answers requests from a cassette: the first unused exchange with the same method, URL and body (compared redacted,
/// as they were recorded), else the first unused one with the same method and path; a request it has no answer for gets
/// 400 "Not Recorded". Never opens a socket.
/// </summary>
public sealed class CassettePlayer(Cassette cassette, SecretRedactor redactor) : HttpMessageHandler
{
    private readonly bool[] _used = new bool[cassette.Exchanges.Count];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = redactor.Redact(request.RequestUri?.ToString() ?? "");
        var body = request.Content is null ? null : redactor.Redact(await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var recorded = Take(e => e.Method == request.Method.Method && e.Url == url && (e.RequestBody ?? "") == (body ?? ""))
            ?? Take(e => e.Method == request.Method.Method && PathOf(e.Url) == PathOf(url));
        if (recorded is null)
            // A client error rather than a network error, so the read fails at once instead of retrying what can never succeed.
            return new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                ReasonPhrase = "Not Recorded",
                RequestMessage = request,
                Content = new StringContent($"the cassette has no recorded response for {request.Method} {url} (was it recorded with lower limits?)"),
            };
        var response = new HttpResponseMessage((HttpStatusCode)recorded.Status)
        {
            ReasonPhrase = recorded.Reason,
            RequestMessage = request,
            Content = new ByteArrayContent(recorded.ResponseBodyBase64 is { } base64 ? Convert.FromBase64String(base64) : Encoding.UTF8.GetBytes(recorded.ResponseBody ?? "")),
        };
        if (recorded.FinalUrl is { } final) request.RequestUri = new Uri(final);
        foreach (var (name, value) in recorded.ResponseHeaders)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    private CassetteExchange? Take(Func<CassetteExchange, bool> match)
    {
        lock (_used)
        {
            for (var i = 0; i < _used.Length; i++)
            {
                if (_used[i] || !match(cassette.Exchanges[i])) continue;
                _used[i] = true;
                return cassette.Exchanges[i];
            }
        }
        return null;
    }

    private static string PathOf(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? url : url[..query];
    }
}
