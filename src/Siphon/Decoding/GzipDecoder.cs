using System.IO.Compression;
using System.Runtime.CompilerServices;
using Siphon.Components;
using Siphon.Records;

namespace Siphon.Decoding;

/// <summary>
/// <c>GzipDecoder</c>: gunzips the body and hands the bytes to the inner decoder as they are inflated. It sniffs the
/// gzip magic bytes (1f 8b), so a body the transport already decompressed passes through untouched; concatenated gzip
/// members are read as one body and nesting (gzip inside gzip) works because each layer sniffs on its own.
/// <para>.NET's GZipStream ends quietly at the end of a truncated body (strict validation is a process-wide opt-in),
/// so this decoder checks the end itself: once the body is exhausted it feeds the inflater a small, known gzip
/// member. Only an inflater that stopped cleanly between members inflates it to exactly the known text; anything else
/// (an error, other bytes, or nothing) means the body ended inside a member and is reported as truncated.</para>
/// </summary>
internal sealed class GzipDecoder(IRecordDecoder inner) : IBatchDecoder
{
    public static readonly ComponentSpec Spec = new("GzipDecoder", ComponentKind.Decoder,
        "Decompresses a gzip body (passing an already decompressed body through) and decodes it with the inner decoder.",
        [Field.Component("decoder", ComponentKind.Decoder, "Decodes the decompressed bytes (CsvDecoder, JsonDecoder, JsonlDecoder, GzipDecoder...).", implied: "JsonDecoder", required: true)])
    {
        Factory = (node, context) => new GzipDecoder(context.Build<IRecordDecoder>(node.Child("decoder")!)),
        Example = "type: GzipDecoder\ndecoder:\n  type: CsvDecoder\n  delimiter: \\t\n",
    };

    public bool AppliesRecordPath => inner.AppliesRecordPath;

    public IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        InflateAsync(body, context, inflated => inner.DecodeAsync(inflated, context, cancellationToken), cancellationToken);

    public bool CanBatch => inner is IBatchDecoder { CanBatch: true };

    public IAsyncEnumerable<RecordBatch> DecodeBatchesAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        InflateAsync(body, context, inflated => ((IBatchDecoder)inner).DecodeBatchesAsync(inflated, context, cancellationToken), cancellationToken);

    /// <summary>What <paramref name="decode"/> makes of the inflated body (or of the body itself when it is not gzip), its end checked.</summary>
    public static async IAsyncEnumerable<T> InflateAsync<T>(Stream body, DecodeContext context, Func<Stream, IAsyncEnumerable<T>> decode,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var peeked = new PeekedStream(body);
        var head = await peeked.PeekAsync(2, cancellationToken).ConfigureAwait(false);
        if (!head.Span.SequenceEqual((ReadOnlySpan<byte>)[0x1f, 0x8b]))
        {
            await foreach (var value in decode(peeked).WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return value;
            yield break;
        }
        var source = new EndMarkedSource(peeked);
        using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        var checkedBody = new CheckedGzipStream(gzip, source, context);
        await foreach (var value in decode(checkedBody).WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return value;
        await checkedBody.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The known member fed after the body, and the text it inflates to.</summary>
    private static readonly byte[] EndMarkerText = "siphon:gzip-end\n"u8.ToArray();
    private static readonly byte[] EndMarker = Compress(EndMarkerText);

    private static byte[] Compress(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    /// <summary>The compressed body, counted, followed by the end marker once the body is exhausted.</summary>
    private sealed class EndMarkedSource(Stream body) : ReadOnlyStream
    {
        private int _markerSent;

        public long Compressed { get; private set; }
        public bool MarkerStarted { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!MarkerStarted)
            {
                var read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0) { Compressed += read; return read; }
                MarkerStarted = true;
            }
            var n = Math.Min(buffer.Length, EndMarker.Length - _markerSent);
            EndMarker.AsMemory(_markerSent, n).CopyTo(buffer);
            _markerSent += n;
            return n;
        }
    }

    /// <summary>The inflated body; turns inflater errors and a missing end into <see cref="DecodeException"/>s.</summary>
    private sealed class CheckedGzipStream(GZipStream gzip, EndMarkedSource source, DecodeContext context) : ReadOnlyStream
    {
        private long _inflated;
        private int _markerMatched;
        private bool _ended;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (!_ended)
            {
                int read;
                try
                {
                    read = await gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    throw source.MarkerStarted ? Truncated(e) : Corrupt(e);
                }
                if (read == 0)
                {
                    // The inflater stopping before it asked for the marker means it met bytes that start no gzip member.
                    if (!source.MarkerStarted) throw TrailingData();
                    if (_markerMatched != EndMarkerText.Length) throw Truncated(null);
                    _ended = true;
                    break;
                }
                if (!source.MarkerStarted)
                {
                    _inflated += read;
                    return read;
                }
                var output = buffer.Span[..read];
                if (_markerMatched + read > EndMarkerText.Length || !output.SequenceEqual(EndMarkerText.AsSpan(_markerMatched, read)))
                    throw Truncated(null);
                _markerMatched += read;
            }
            return 0;
        }

        public async ValueTask ReadToEndAsync(CancellationToken cancellationToken)
        {
            var scratch = new byte[4096];
            while (await ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0) { }
        }

        private DecodeException Truncated(Exception? inner) => new(context,
            $"gzip stream truncated after {source.Compressed} bytes (the body ends inside a compressed member; {_inflated} bytes were inflated)",
            source.Compressed, inner: inner, failure: DecodeFailure.Truncated);

        private DecodeException TrailingData() => new(context,
            $"unexpected bytes after the last gzip member (within the first {source.Compressed} bytes of the body; {_inflated} bytes were inflated)",
            source.Compressed);

        private DecodeException Corrupt(Exception inner) => new(context,
            $"corrupt gzip data within the first {source.Compressed} bytes of the body (the deflate data or a member header is invalid; {_inflated} bytes were inflated)",
            source.Compressed, inner: inner);
    }
}
