using System.Runtime.CompilerServices;
using System.Text;
using Siphon.Decoding;
using Siphon.Http;
using Siphon.Records;
using Siphon.Retrieval.Pagination;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Retrieval;

/// <summary>
/// Reads pages: sends a page's request, streams its body through the decoder and the extractor, selects the records,
/// and asks the paginator for the next page's token. A synchronous stream's slices (<see cref="SimpleRetriever"/>) and
/// a job's downloads (<c>HttpJobSteps</c>) read their pages through it, so both take the same shortcuts.
/// </summary>
/// <remarks>
/// The per-record path is <see cref="RecordsAsync"/> then <see cref="Keep"/>; what a caller does between the two (a
/// cursor that stops pagination, records merged across query property chunks, records a pagination reset already
/// emitted) is its own.
/// </remarks>
internal sealed class PageReader(HttpRequester requester, IPaginator paginator, IRecordDecoder decoder, IRecordExtractor extractor, RecordSelector selector)
{
    public IPaginator Paginator { get; } = paginator;

    /// <summary>Sends one page's request; its <see cref="RequestContext.Options"/> already hold the page token's (<see cref="IPaginator.AddRequestOptions"/>).</summary>
    public async Task<Page> FetchAsync(RequestContext request, object? token, CancellationToken cancellationToken) =>
        new(await requester.SendAsync(request, cancellationToken).ConfigureAwait(false), request, token);

    /// <summary>
    /// The page's body: read whole when the paginator's templates read <c>response</c>, else streamed (through
    /// <paramref name="streamed"/>, e.g. a body that resumes a broken download).
    /// </summary>
    public async Task<Stream> OpenBodyAsync(Page page, CancellationToken cancellationToken, Func<Stream, Stream>? streamed = null)
    {
        if (Paginator.ReadsResponse)
        {
            page.Buffered = await page.Exchange.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new MemoryStream(page.Buffered, writable: false);
        }
        var body = await page.Exchange.OpenBodyAsync(cancellationToken).ConfigureAwait(false);
        return streamed is null ? body : streamed(body);
    }

    /// <summary>
    /// The records of a body, not yet selected. A decoder that can applies the extractor's plain field path itself (a
    /// large array is never held whole); an empty path takes each decoded row as it is (a CSV or JSONL body) without
    /// an extraction per record; otherwise the extractor selects from each decoded value.
    /// </summary>
    public async IAsyncEnumerable<Dictionary<string, object?>> RecordsAsync(Stream body, string step, TemplateScope scope,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = PlainPath(scope);
        var pathApplied = path is not null && decoder.AppliesRecordPath;
        var wholeValue = path is { Length: 0 };
        var decodeContext = new DecodeContext(step) { RecordPath = pathApplied ? path! : [] };
        await foreach (var value in decoder.DecodeAsync(body, decodeContext, cancellationToken).ConfigureAwait(false))
        {
            if (pathApplied || (wholeValue && value is Dictionary<string, object?> { Count: > 0 }))
            {
                if (value is Dictionary<string, object?> record) yield return record;
                continue;
            }
            foreach (var extracted in extractor.Extract(value, scope))
                if (extracted is Dictionary<string, object?> record) yield return record;
        }
    }

    /// <summary>
    /// The kept records of a body in batches, for a caller that carries batches (an async job's download). A decoder
    /// that can batch whole rows (a CSV body, plain or gzip, with an empty field path) hands out its batches; any other
    /// body goes through <see cref="RecordsAsync"/> and is grouped after. A batch stays whole when the stream has no
    /// record filter and its transformations apply to the batch (<see cref="RecordSelector.ProcessBatch"/>); otherwise
    /// each row is materialised for them and only the kept ones go on.
    /// <paramref name="page"/> counts the records read (kept or not) and keeps the last, for the paginator.
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> BatchesAsync(Stream body, string step, TemplateScope scope, TemplateScope recordScope,
        RetrievalContext context, PageTally page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var whole = decoder is IBatchDecoder { CanBatch: true } && PlainPath(scope) is { Length: 0 };
        var batches = whole
            ? ((IBatchDecoder)decoder).DecodeBatchesAsync(body, new DecodeContext(step) { RecordPath = [] }, cancellationToken)
            : DictionaryBatch.BatchedAsync(RecordsAsync(body, step, scope, cancellationToken), cancellationToken);
        await foreach (var batch in batches.ConfigureAwait(false))
        {
            if (selector.ProcessBatch(batch, recordScope, context.Transformations) is { } processed)
            {
                page.Read(processed);
                yield return context.PrepareBatch?.Invoke(processed) ?? processed;
                continue;
            }
            page.Read(batch);
            var kept = new List<Dictionary<string, object?>>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch.Materialize(i);
                // The paginator sees the last record as the dictionary path leaves it: transformed when kept.
                if (i == batch.Count - 1) page.Last = record;
                if (Keep(record, recordScope, context)) kept.Add(record);
            }
            if (kept.Count > 0) yield return new DictionaryBatch([.. kept]);
        }
    }

    /// <summary>The extractor's field path, resolved, when a decoder may apply it itself (<see cref="DpathExtractor.IsPathOnly"/>); else null.</summary>
    private string[]? PlainPath(TemplateScope scope) =>
        extractor is DpathExtractor { IsPathOnly: true } dpath ? dpath.Path.Resolve(scope) : null;

    /// <summary>Filters and transforms a record; false when the record filter drops it.</summary>
    public bool Keep(Dictionary<string, object?> record, TemplateScope scope, RetrievalContext context) =>
        selector.Process(record, scope, context.Transformations);

    /// <summary>The next page's token, or null after the last page: <paramref name="count"/> records were read from it, <paramref name="last"/> the last one.</summary>
    public object? NextToken(Page page, int count, Dictionary<string, object?>? last, TemplateScope scope) =>
        Paginator.NextToken(new PageResult(page.Exchange, () => ResponseOf(page.Buffered), count, last, page.Token), scope);

    /// <summary>The scope of a page's request: <c>next_page_token</c> set to <c>{"next_page_token": token}</c>, or empty before the first token.</summary>
    public static TemplateScope WithToken(TemplateScope scope, object? token)
    {
        var value = JsonValues.NewObject(1);
        if (token is not null) value["next_page_token"] = token;
        return scope.With("next_page_token", value);
    }

    private static object? ResponseOf(byte[]? body)
    {
        if (body is null) return null;
        if (body.AsSpan().Trim(" \r\n\t"u8).IsEmpty) return JsonValues.NewObject();
        try { return JsonValues.Parse(body); }
        catch (System.Text.Json.JsonException) { return Encoding.UTF8.GetString(body); }
    }
}

/// <summary>One page's exchange, the request and token that fetched it, and its body when it was read whole.</summary>
internal sealed class Page(HttpExchange exchange, RequestContext request, object? token) : IDisposable
{
    public HttpExchange Exchange { get; } = exchange;
    public RequestContext Request { get; } = request;
    public object? Token { get; } = token;
    public byte[]? Buffered { get; set; }

    public void Dispose() => Exchange.Dispose();
}
