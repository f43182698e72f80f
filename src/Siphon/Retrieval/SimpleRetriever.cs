using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Siphon.Components;
using Siphon.Decoding;
using Siphon.Http;
using Siphon.Partitions;
using Siphon.Records;
using Siphon.Retrieval.Pagination;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Retrieval;

/// <summary>
/// <c>SimpleRetriever</c>: for each slice, requests page after page and selects the records of each response as the
/// body streams through the decoder (a JSON decoder applies the extractor's field path itself, so a large array is never
/// held whole). Slices are read up to <see cref="RetrievalContext.MaxConcurrency"/> at a time; a slice's records keep
/// their order and come before its <see cref="RetrievedItem.SliceEnd"/>.
/// </summary>
internal sealed class SimpleRetriever : IRetriever
{
    public static readonly ComponentSpec Spec = new("SimpleRetriever", ComponentKind.Retriever,
        "Reads records with synchronous HTTP requests: per partition and window, page after page.",
        [
            Field.Component("requester", ComponentKind.Requester, "The request made for each page.", implied: "HttpRequester", required: true) with
                { TemplateVariables = ["next_page_token"] },
            Field.Component("record_selector", ComponentKind.RecordSelector, "Where the records are in a response, and which to keep.", implied: "RecordSelector", required: true),
            Field.Component("paginator", ComponentKind.Paginator, "How the next page is requested (none when absent).", implied: "DefaultPaginator"),
            new FieldSpec("partition_router", FieldType.ComponentOrList, "How the stream is partitioned; a list gives every combination.") { Kind = ComponentKind.PartitionRouter },
            Field.Component("decoder", ComponentKind.Decoder, "How response bodies are decoded (JSON when absent).", implied: "JsonDecoder"),
            Field.Component("pagination_reset", ComponentKind.PaginationReset, "Restarts pagination (resetting the cursor) when the API refuses to page further."),
            Field.Boolean("ignore_stream_slicer_parameters_on_paginated_requests", "Send partition and window options on the first page only."),
            Field.String("name", "A name, often given through $parameters."),
            new FieldSpec("primary_key", FieldType.PrimaryKey, "The stream's primary key (read from the stream)."),
            Field.Any("additional_query_properties", "Query properties are read from the requester (its query_properties, or a QueryProperties among its request_parameters)."),
            Field.Any("log_formatter", "Ignored."),
        ])
    {
        Factory = (node, context) => new SimpleRetriever(node, context),
        Example = """
            type: SimpleRetriever
            requester: { type: HttpRequester, url: "https://api.example.com/items" }
            record_selector: { type: RecordSelector, extractor: { type: DpathExtractor, field_path: [data] } }
            paginator:
              type: DefaultPaginator
              pagination_strategy: { type: CursorPagination, cursor_value: "{{ response.next }}" }
              page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: cursor }
            """,
    };

    private readonly HttpRequester _requester;
    private readonly PageReader _pages;
    private readonly IPartitionRouter? _router;
    private readonly bool _slicerOptionsOnFirstPageOnly;
    private readonly PaginationReset _reset;

    private SimpleRetriever(ComponentNode node, BuildContext context)
    {
        _requester = context.Build<HttpRequester>(node.Child("requester")!);
        var selector = context.Build<RecordSelector>(node.Child("record_selector")!);
        var paginator = context.BuildOptional<IPaginator>(node.Child("paginator")) ?? new NoPagination();
        _router = CartesianProductRouter.Of(node.Children("partition_router").Select(context.Build<IPartitionRouter>).ToList());
        var decoder = context.BuildOptional<IRecordDecoder>(node.Child("decoder")) ?? new JsonDecoder(Encoding.UTF8);
        _pages = new PageReader(_requester, paginator, decoder, selector.Extractor, selector);
        _slicerOptionsOnFirstPageOnly = node.Boolean("ignore_stream_slicer_parameters_on_paginated_requests");
        _reset = context.BuildOptional<PaginationReset>(node.Child("pagination_reset")) ?? PaginationReset.Undeclared;
    }

    public bool HasPartitions => _router is not null;

    public async IAsyncEnumerable<StreamSlice> SlicesAsync(RetrievalContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_router is null)
        {
            yield return StreamSlice.Empty;
            yield break;
        }
        await foreach (var slice in _router.SlicesAsync(context.Stream, cancellationToken).ConfigureAwait(false))
            yield return slice;
    }

    public async IAsyncEnumerable<RetrievedItem> ReadAsync(IAsyncEnumerable<StreamSlice> slices, RetrievalContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The properties are read (from an endpoint) once per read, when the first slice needs them.
        var chunks = _requester.QueryProperties is { } properties ? new Lazy<Task<IReadOnlyList<List<string>>>>(() => properties.ChunksAsync(context.Stream, cancellationToken)) : null;
        if (context.MaxConcurrency <= 1)
        {
            await foreach (var slice in slices.WithCancellation(cancellationToken).ConfigureAwait(false))
                await foreach (var item in ReadSliceAsync(slice, context, chunks, cancellationToken).ConfigureAwait(false))
                    yield return item;
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<RetrievedItem>(new BoundedChannelOptions(256) { SingleReader = true });
        var producer = ProduceAsync(slices, context, chunks, channel.Writer, stop);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return item;
            await producer.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try { await producer.ConfigureAwait(false); }
            catch (Exception) { /* already reported through the channel, or cancelled by the consumer leaving */ }
        }
    }

    /// <summary>Reads slices at once into the channel; with a record limit, the channel ends one record past it (what is written stays).</summary>
    private async Task ProduceAsync(IAsyncEnumerable<StreamSlice> slices, RetrievalContext context, Lazy<Task<IReadOnlyList<List<string>>>>? chunks,
        ChannelWriter<RetrievedItem> writer, CancellationTokenSource stop)
    {
        var wanted = context.Limits?.MaxRecords;
        long written = 0;
        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = context.MaxConcurrency, CancellationToken = stop.Token };
            await Parallel.ForEachAsync(slices, options, async (slice, token) =>
            {
                await foreach (var item in ReadSliceAsync(slice, context, chunks, token).ConfigureAwait(false))
                {
                    await writer.WriteAsync(item, token).ConfigureAwait(false);
                    if (wanted is not null && item.Record is not null && Interlocked.Increment(ref written) > wanted && writer.TryComplete())
                        await stop.CancelAsync().ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    /// <summary>
    /// Reads every page of one slice, then yields its end. With query properties each page is requested once per chunk
    /// of properties (the same page token each time); records with a merge key are merged across the chunks and come
    /// after the page's other records, and the last chunk's response says whether there is a next page.
    /// </summary>
    private async IAsyncEnumerable<RetrievedItem> ReadSliceAsync(StreamSlice slice, RetrievalContext context, Lazy<Task<IReadOnlyList<List<string>>>>? propertyChunks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reset = _reset.Begin(slice, context);
        var scope = context.Scope.With("stream_slice", slice.ToValue());
        var token = _pages.Paginator.InitialToken(scope);
        var origin = context.Events.IsEnabled || context.Limits is not null ? new RequestOrigin(context.StreamName, slice.Describe()) : null;
        IReadOnlyList<List<string>?> chunks = propertyChunks is null ? NoChunks : await propertyChunks.Value.ConfigureAwait(false);
        var merge = propertyChunks is null ? null : _requester.QueryProperties!.Merge;
        for (var page = 0; ; page++)
        {
            var merged = merge is null ? null : new OrderedDictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
            var count = 0;
            Dictionary<string, object?>? last = null;
            var stopAtCursor = false;
            Page? current = null;
            var pageScope = scope;
            try
            {
                foreach (var chunk in chunks)
                {
                    var chunkScope = chunk is null ? scope : scope.With("stream_slice", reset.Slice.WithExtraFields(new Dictionary<string, object?> { [QueryPropertiesField] = chunk.Cast<object?>().ToList() }).ToValue());
                    pageScope = PageReader.WithToken(chunkScope, token);
                    var options = new List<InjectedOption>();
                    if (page == 0 || !_slicerOptionsOnFirstPageOnly)
                    {
                        (_router as IPartitionRequestOptions)?.AddRequestOptions(reset.Slice, options);
                        context.Cursor?.AddRequestOptions(reset.Slice, options);
                    }
                    _pages.Paginator.AddRequestOptions(token, pageScope, options);
                    if (chunk is not null && _requester.QueryPropertiesParameter is { } parameter) options.Add(new InjectedOption(parameter, string.Join(',', chunk)));
                    current?.Dispose();
                    current = await _pages.FetchAsync(new RequestContext(context.Session, Step.Page(context.StreamName), pageScope) { Options = options, Origin = origin }, token, cancellationToken).ConfigureAwait(false);
                    if (current.Exchange.Ignored || current.Exchange.ResetPagination) continue;

                    var emitted = 0;
                    await using (var body = await _pages.OpenBodyAsync(current, cancellationToken).ConfigureAwait(false))
                    {
                        await foreach (var record in _pages.RecordsAsync(body, "read", pageScope, cancellationToken).ConfigureAwait(false))
                        {
                            if (context.Cursor?.StopsPagination(record, slice) == true)
                            {
                                count++;
                                last = record;
                                stopAtCursor = true;
                                continue;
                            }
                            if (merged is not null && merge!.GroupKey(record) is { } key)
                            {
                                if (!_pages.Keep(record, pageScope, context)) continue;
                                if (!merged.TryGetValue(key, out var whole)) merged[key] = whole = JsonValues.NewObject();
                                DeepMerge(whole, record);
                                continue;
                            }
                            count++;
                            last = record;
                            if (reset.WasEmitted(record, out var seenKey) || !_pages.Keep(record, pageScope, context)) continue;
                            emitted++;
                            reset.Emitted(seenKey, record);
                            yield return new RetrievedItem(slice, record);
                        }
                    }
                    if (origin is not null) PageLimit.PageRead(context, origin.Slice, current.Exchange.Id, emitted);
                }
                if (merged is not null)
                    foreach (var record in merged.Values)
                    {
                        count++;
                        last = record;
                        yield return new RetrievedItem(slice, record);
                    }
                if (current is null || current.Exchange.Ignored || stopAtCursor) break;
                var exchange = current.Exchange;
                var next = exchange.ResetPagination ? null : _pages.NextToken(current, count, last, pageScope);
                if (exchange.ResetPagination || (next is not null && reset.LimitReached))
                {
                    reset.Reset(exchange.ResetPagination ? $"the error handler answered HTTP {exchange.Status} with RESET_PAGINATION" : "the limit of records read was reached");
                    scope = context.Scope.With("stream_slice", reset.Slice.ToValue());
                    token = _pages.Paginator.InitialToken(scope);
                    page = -1;
                    continue;
                }
                if (next is null || (origin is not null && PageLimit.Reached(context, origin.Slice, page + 1))) break;
                token = next;
            }
            finally
            {
                current?.Dispose();
            }
        }
        yield return RetrievedItem.SliceEnd(slice);
    }

    /// <summary>The one request per page of a retriever without query properties.</summary>
    private static readonly IReadOnlyList<List<string>?> NoChunks = [null];

    /// <summary>Where a chunk of query properties is in the slice templates see (<c>stream_partition.extra_fields.query_properties</c>).</summary>
    private const string QueryPropertiesField = "query_properties";

    /// <summary>Merges a chunk's record into the record merged so far; nested objects are merged, anything else replaced.</summary>
    private static void DeepMerge(Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
        {
            if (target.TryGetValue(key, out var existing) && existing is Dictionary<string, object?> into && value is Dictionary<string, object?> from)
                DeepMerge(into, from);
            else target[key] = value;
        }
    }
}
