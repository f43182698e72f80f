using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Siphon.Components;
using Siphon.Records;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>
/// <c>JsonlDecoder</c>: one JSON value per line; blank lines are skipped. A line that is not JSON is an error naming
/// the line (the reference skips it with a warning, which loses records quietly).
/// <para>In batches (<see cref="IBatchDecoder"/>), the lines that are objects stay as their bytes
/// (<see cref="JsonLineBatch"/>) once a scan has found that they parse (<see cref="JsonLineScanner"/>); any other line
/// goes through the dictionary parser, so an error reads exactly as one value at a time, and a value that is not an
/// object is dropped, as the read path drops it.</para>
/// </summary>
internal sealed class JsonlDecoder(Encoding encoding) : IBatchDecoder
{
    public static readonly ComponentSpec Spec = new("JsonlDecoder", ComponentKind.Decoder,
        "Decodes JSON Lines: each line is one record.",
        [Field.String("encoding", "Text encoding of the body (a Python codec name); non-UTF-8 bodies are transcoded.") with { Default = "utf-8" }])
    {
        Factory = (node, _) => new JsonlDecoder(TextEncodings.FromField(node)),
        Example = "type: JsonlDecoder\n",
    };

    public bool AppliesRecordPath => false;

    public bool CanBatch => true;

    public IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        CompressedBody.DecodeAsync(body, context, this, plain => DecodeTextAsync(plain, context, cancellationToken), cancellationToken);

    public IAsyncEnumerable<RecordBatch> DecodeBatchesAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        CompressedBody.DecodeBatchesAsync(body, context, this, plain => BatchesOfTextAsync(plain, context, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<object?> DecodeTextAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineReader(TextEncodings.AsUtf8(body, encoding));
        var keys = new JsonKeyCache();
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            if (HasValue(lines, context))
                yield return ParseLine(lines, keys, context);
    }

    private async IAsyncEnumerable<RecordBatch> BatchesOfTextAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineReader(TextEncodings.AsUtf8(body, encoding));
        var scanner = new JsonLineScanner();
        var keys = new JsonKeyCache();
        var rows = new JsonLineBatch.Builder();
        await foreach (var batch in RowBatching.BatchesAsync(
            () => lines.ReadLineAsync(cancellationToken),
            () => { if (HasValue(lines, context)) AddLine(lines, scanner, keys, context, rows); },
            () => rows,
            e => e).ConfigureAwait(false))
            yield return batch;
    }

    private static void AddLine(LineReader lines, JsonLineScanner scanner, JsonKeyCache keys, DecodeContext context, JsonLineBatch.Builder rows)
    {
        var line = Content(lines);
        switch (scanner.Scan(line, out var names, out var verbatim))
        {
            case JsonLineKind.Record: rows.Add(line, names, verbatim); break;
            case JsonLineKind.RecordAsDictionary: rows.Add(line, null, verbatim: false); break;
            default:
                if (ParseLine(lines, keys, context) is Dictionary<string, object?>) rows.Add(line, null, verbatim: false);
                break;
        }
    }

    /// <summary>False for a blank line; an HTML first line (an error page served as the export) is an error.</summary>
    private static bool HasValue(LineReader lines, DecodeContext context)
    {
        if (lines.LineNumber == 1 && BodyPreview.LooksLikeHtml(lines.Line))
            throw new DecodeException(context, $"expected JSON lines but the body looks like HTML ({BodyPreview.Quote(lines.Line)})", 0, 1,
                failure: DecodeFailure.ErrorPage);
        return lines.Line.IndexOfAnyExcept(" \t\r"u8) >= 0;
    }

    /// <summary>The line's JSON text: without the byte-order mark the first line may start with.</summary>
    private static ReadOnlySpan<byte> Content(LineReader lines) =>
        lines.LineNumber == 1 && lines.Line.StartsWith("\uFEFF"u8) ? lines.Line[3..] : lines.Line;

    private static object? ParseLine(LineReader lines, JsonKeyCache keys, DecodeContext context)
    {
        try
        {
            return JsonValues.Parse(Content(lines), keys);
        }
        catch (JsonException e)
        {
            var column = e.BytePositionInLine ?? 0;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            return Throw(new DecodeException(context, $"line {lines.LineNumber} is not valid JSON at column {column + 1}: {reason}",
                lines.LineOffset + column, lines.LineNumber, e));
        }
    }

    private static object? Throw(DecodeException e) => throw e;
}
