using Siphon.Http.ErrorHandling;

namespace Siphon.Http;

/// <summary>
/// A response the error handler accepted. Its body is a stream the caller consumes and disposes; nothing is
/// buffered unless a response filter needed the body or the caller asks for it as a value (<see cref="ReadJsonAsync"/>).
/// </summary>
internal sealed class HttpExchange(string step, string method, string url, HttpResponseMessage response, int attempts, ResponseAction action) : IDisposable
{
    public string Step { get; } = step;
    public string Method { get; } = method;

    /// <summary>The URL as reported in events and errors (secrets redacted).</summary>
    public string Url { get; } = url;
    public HttpResponseMessage Response { get; } = response;
    public int Status => (int)Response.StatusCode;
    public int Attempts { get; } = attempts;

    /// <summary>The number of the attempt that produced this response (<see cref="HttpRequestSent.Exchange"/>).</summary>
    public long Id { get; init; }

    /// <summary>A response filter said IGNORE: the caller should take no records from it and carry on.</summary>
    public bool Ignored => action == ResponseAction.Ignore;

    /// <summary>A response filter said RESET_PAGINATION: the caller should restart paginating this partition.</summary>
    public bool ResetPagination => action == ResponseAction.ResetPagination;

    public Task<Stream> OpenBodyAsync(CancellationToken cancellationToken) => Response.Content.ReadAsStreamAsync(cancellationToken);

    /// <summary>Reads the whole body as a JSON value (an empty body is an empty object, as the reference treats it).</summary>
    public async Task<object?> ReadJsonAsync(CancellationToken cancellationToken)
    {
        var bytes = await Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.AsSpan().Trim(" \r\n\t"u8).IsEmpty) return Values.JsonValues.NewObject();
        try { return Values.JsonValues.Parse(bytes); }
        catch (System.Text.Json.JsonException e)
        {
            throw new HttpResponseFormatException($"{Step}: {Method} {Url} returned a body that is not JSON ({e.Message}): {HttpFailures.Excerpt(System.Text.Encoding.UTF8.GetString(bytes), 200)}");
        }
    }

    public Task<string> ReadTextAsync(CancellationToken cancellationToken) => Response.Content.ReadAsStringAsync(cancellationToken);

    /// <summary>Response headers as a value (for <c>creation_response.headers</c> and paginators).</summary>
    public Dictionary<string, object?> HeadersValue() => HttpHeadersValue.Of(Response);

    public string? Header(string name) => HttpHeadersValue.First(Response, name);

    /// <summary>
    /// The request that got this response, as legacy templates read it from a raw response object
    /// (<c>create_job_response.request.headers['Amazon-Advertising-API-Scope']</c>): <c>url</c>, <c>method</c>, <c>headers</c>.
    /// </summary>
    public Dictionary<string, object?> RequestValue()
    {
        var request = Response.RequestMessage;
        var headers = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (request is not null)
        {
            foreach (var header in request.Headers) headers[header.Key] = string.Join(", ", header.Value);
            if (request.Content is not null)
                foreach (var header in request.Content.Headers) headers[header.Key] = string.Join(", ", header.Value);
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["url"] = Url,
            ["method"] = Method,
            ["headers"] = headers,
        };
    }

    public void Dispose() => Response.Dispose();
}

/// <summary>A response body could not be read as the step needed.</summary>
internal sealed class HttpResponseFormatException(string message) : Exception(message);
