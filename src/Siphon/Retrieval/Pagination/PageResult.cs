using Siphon.Http;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// What a pagination strategy sees of the page just read: its headers (with the parsed <c>Link</c> header under
/// <c>link</c>), its decoded body (read lazily, only when a template asks for <c>response</c>), the number of records
/// and the last one, and the token that fetched it.
/// </summary>
internal sealed class PageResult(HttpExchange exchange, Func<object?> response, int recordCount, Dictionary<string, object?>? lastRecord, object? token)
{
    private object? _response;
    private bool _responseRead;

    public Dictionary<string, object?> Headers { get; } = HeadersWithLinks(exchange);
    public int RecordCount { get; } = recordCount;
    public Dictionary<string, object?>? LastRecord { get; } = lastRecord;
    public object? Token { get; } = token;

    public object? Response
    {
        get
        {
            if (!_responseRead) { _response = response(); _responseRead = true; }
            return _response;
        }
    }

    /// <summary>The variables the reference gives pagination templates.</summary>
    public TemplateScope Bind(TemplateScope scope) => scope
        .With("response", Response)
        .With("headers", Headers)
        .With("last_record", LastRecord)
        .With("last_page_size", (long)RecordCount)
        .With("last_page_token_value", Token);

    /// <summary>Response headers, plus <c>link</c>: the <c>Link</c> header parsed as requests' <c>response.links</c> ({rel: {url, rel}}).</summary>
    private static Dictionary<string, object?> HeadersWithLinks(HttpExchange exchange)
    {
        var headers = exchange.HeadersValue();
        if (headers.TryGetValue("Link", out var raw) && raw is string text)
        {
            var links = Values.JsonValues.NewObject();
            foreach (var part in text.Split(','))
            {
                var pieces = part.Split(';');
                var url = pieces[0].Trim().TrimStart('<').TrimEnd('>');
                var link = Values.JsonValues.NewObject();
                link["url"] = url;
                foreach (var parameter in pieces.Skip(1))
                {
                    var eq = parameter.IndexOf('=');
                    if (eq > 0) link[parameter[..eq].Trim()] = parameter[(eq + 1)..].Trim().Trim('"');
                }
                links[link.TryGetValue("rel", out var rel) && rel is string r ? r : url] = link;
            }
            headers["link"] = links;
        }
        return headers;
    }
}

/// <summary>Computes the page tokens of a paginated request: the first one and each next one.</summary>
internal interface IPaginationStrategy
{
    /// <summary>The token of the first request (null: the first request carries no token).</summary>
    object? InitialToken(TemplateScope scope);

    /// <summary>The token of the next page, or null when this was the last page.</summary>
    object? NextToken(PageResult page, TemplateScope scope);

    /// <summary>The page size to inject with <c>page_size_option</c>, if any.</summary>
    object? PageSize(TemplateScope scope);

    /// <summary>True when the strategy's templates read the decoded body (<c>response</c>), so the body must be kept.</summary>
    bool ReadsResponse { get; }
}

/// <summary>Paginates the requests of one slice: which options a request carries, and the next token.</summary>
internal interface IPaginator
{
    object? InitialToken(TemplateScope scope);
    object? NextToken(PageResult page, TemplateScope scope);
    void AddRequestOptions(object? token, TemplateScope scope, List<InjectedOption> options);
    bool ReadsResponse { get; }
}

internal static class PaginationValues
{
    /// <summary>A page size written as a number or a template over config.</summary>
    public static long? PageSize(Template? template, TemplateScope scope) => template?.Evaluate(scope) switch
    {
        null or "" => null,
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, out var parsed) => parsed,
        var other => throw new TemplateEvaluationException($"page_size must be an integer, got '{PyText.Str(other)}'", template.Source, template.Field),
    };
}
