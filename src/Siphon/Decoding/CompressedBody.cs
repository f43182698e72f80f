using System.Runtime.CompilerServices;
using Siphon.Records;

namespace Siphon.Decoding;

/// <summary>
/// A text decoder (CSV, JSON lines) given a gzip or zip body decompresses it first, as the reference's CsvDecoder and
/// JsonlDecoder do for a gzip Content-Type or Content-Encoding: APIs serve exports compressed without the manifest
/// saying so, and an author who chose "CSV" means the CSV inside. The magic bytes decide, whatever the headers say.
/// </summary>
internal static class CompressedBody
{
    public static IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, IRecordDecoder text,
        Func<Stream, IAsyncEnumerable<object?>> plain, CancellationToken cancellationToken) =>
        SniffedAsync(body, context, plain, zipped => new ZipfileDecoder(text).DecodeAsync(zipped, context, cancellationToken), cancellationToken);

    /// <summary>The same in batches; a zip archive's members are decoded one value at a time and batched after.</summary>
    public static IAsyncEnumerable<RecordBatch> DecodeBatchesAsync(Stream body, DecodeContext context, IRecordDecoder text,
        Func<Stream, IAsyncEnumerable<RecordBatch>> plain, CancellationToken cancellationToken) =>
        SniffedAsync(body, context, plain, zipped => DictionaryBatch.BatchedAsync(RecordsOf(new ZipfileDecoder(text).DecodeAsync(zipped, context, cancellationToken)), cancellationToken), cancellationToken);

    private static async IAsyncEnumerable<T> SniffedAsync<T>(Stream body, DecodeContext context, Func<Stream, IAsyncEnumerable<T>> plain,
        Func<Stream, IAsyncEnumerable<T>> zip, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var peeked = new PeekedStream(body);
        var head = await peeked.PeekAsync(4, cancellationToken).ConfigureAwait(false);
        // Each layer sniffs again, so a zip of gzip files or a gzip inside gzip unwraps fully; plain text stops the recursion.
        var values = head.Span.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])
                ? GzipDecoder.InflateAsync(peeked, context, inflated => SniffedAsync(inflated, context, plain, zip, cancellationToken), cancellationToken)
            : head.Span.StartsWith("PK\x03\x04"u8) ? zip(peeked)
            : plain(peeked);
        await foreach (var value in values.WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return value;
    }

    private static async IAsyncEnumerable<Dictionary<string, object?>> RecordsOf(IAsyncEnumerable<object?> values)
    {
        await foreach (var value in values.ConfigureAwait(false))
            if (value is Dictionary<string, object?> record) yield return record;
    }
}
