using System.Runtime.CompilerServices;

namespace Siphon.Decoding;

/// <summary>
/// A text decoder (CSV, JSON lines) given a gzip or zip body decompresses it first, as the reference's CsvDecoder and
/// JsonlDecoder do for a gzip Content-Type or Content-Encoding: APIs serve exports compressed without the manifest
/// saying so, and an author who chose "CSV" means the CSV inside. The magic bytes decide, whatever the headers say.
/// </summary>
internal static class CompressedBody
{
    public static async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, IRecordDecoder text,
        Func<Stream, IAsyncEnumerable<object?>> plain, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var peeked = new PeekedStream(body);
        var head = await peeked.PeekAsync(4, cancellationToken).ConfigureAwait(false);
        // Each layer sniffs again, so a zip of gzip files or a gzip inside gzip unwraps fully; plain text stops the recursion.
        var values = head.Span.StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b]) ? new GzipDecoder(text).DecodeAsync(peeked, context, cancellationToken)
            : head.Span.StartsWith("PK\x03\x04"u8) ? new ZipfileDecoder(text).DecodeAsync(peeked, context, cancellationToken)
            : plain(peeked);
        await foreach (var value in values.WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return value;
    }
}
