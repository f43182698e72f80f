using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;
using Siphon.Components;
using Siphon.Manifest;
using Siphon.Records;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>
/// <c>CsvDecoder</c>: a delimited text body whose first row names the columns; each later row is a record of strings
/// keyed by those names (the same key strings for every row). A UTF-8 body is split as bytes into batches of rows
/// (<see cref="Utf8CsvReader"/>, <see cref="Utf8Batch"/>); any other encoding is read with Sep into batches that hold the
/// values as characters (<see cref="TextBatch"/>). The one-value-at-a-time form materialises the batches' rows, so both
/// forms type every value alike.
/// <para>Quoting follows RFC 4180: a field in <c>"</c> may hold the delimiter, line breaks and <c>""</c> (one quote);
/// after the closing quote the rest of the field is kept as is (<c>"a"b</c> is <c>ab</c>, as Python's csv module reads
/// it). Unlike Python, a quote inside an unquoted field also opens a quoted section (Sep's rule): a quote left open at
/// the end of the body is an error naming the row, never a silent swallow of the rest of the file.</para>
/// <para>Blank lines are skipped; a row with fewer values than the header gets null for the missing columns (as
/// Python's DictReader); a row with more is an error. A duplicated column name keeps the last value, as DictReader.
/// Values listed in <c>set_values_to_none</c> become null. A UTF-8 byte-order mark is dropped whatever the encoding
/// name (<c>utf-8</c> or <c>utf-8-sig</c>); a delimiter written as an escape (<c>\t</c>, as a plain YAML scalar gives
/// it) is unescaped, as the reference does. A gzip or zip body is decompressed first (<see cref="CompressedBody"/>).</para>
/// </summary>
internal sealed class CsvDecoder(char delimiter, Encoding encoding, IReadOnlyList<string> valuesToNone) : IBatchDecoder
{
    public static readonly ComponentSpec Spec = new("CsvDecoder", ComponentKind.Decoder,
        "Decodes a CSV (or other delimited) body with a header row; every value is a string.",
        [
            Field.String("encoding", "Text encoding of the body (a Python codec name: utf-8, utf-8-sig, latin-1, cp1252...).") with { Default = "utf-8" },
            Field.String("delimiter", "The one-character delimiter; escapes such as \\t are unescaped.") with { Default = "," },
            new FieldSpec("set_values_to_none", FieldType.StringList, "Values that become null (e.g. \"\" or \"--\")."),
        ])
    {
        Factory = (node, _) => new CsvDecoder(ParseDelimiter(node), TextEncodings.FromField(node),
            (node.Value("set_values_to_none") as ManifestList)?.Items.OfType<ManifestScalar>().Select(s => s.Text).ToArray() ?? []),
        Example = "type: CsvDecoder\ndelimiter: \\t\nencoding: utf-8-sig\nset_values_to_none: [\"\", \"--\"]\n",
    };

    /// <summary>
    /// A UTF-8 body with a one-byte delimiter is split as bytes (<see cref="Utf8CsvReader"/>); any other encoding is
    /// decoded to characters and split by Sep. Both follow the same rules.
    /// </summary>
    private readonly (byte Delimiter, byte[][] ValuesToNone)? _utf8 = TextEncodings.IsUtf8(encoding) && delimiter < 0x80
        ? ((byte)delimiter, valuesToNone.Select(Encoding.UTF8.GetBytes).ToArray())
        : null;

    public bool AppliesRecordPath => false;

    public bool CanBatch => true;

    public IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        CompressedBody.DecodeAsync(body, context, this, plain => RecordsAsync(plain, context, cancellationToken), cancellationToken);

    public IAsyncEnumerable<RecordBatch> DecodeBatchesAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        CompressedBody.DecodeBatchesAsync(body, context, this, plain => DecodeTextAsync(plain, context, cancellationToken), cancellationToken);

    /// <summary>One value at a time: the batches' rows, materialised, so both forms type every value alike.</summary>
    private async IAsyncEnumerable<object?> RecordsAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in DecodeTextAsync(body, context, cancellationToken).ConfigureAwait(false))
            foreach (var record in batch.Records())
                yield return record;
    }

    private async IAsyncEnumerable<RecordBatch> DecodeTextAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_utf8 is { } utf8)
        {
            var peeked = body as PeekedStream ?? new PeekedStream(body);
            var head = await peeked.PeekAsync(2, cancellationToken).ConfigureAwait(false);
            body = peeked;
            // A UTF-16 byte-order mark makes the text reader switch to UTF-16, as it always has: the Sep path below.
            if (!head.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) && !head.Span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                await foreach (var batch in new Utf8CsvReader(peeked, utf8.Delimiter, utf8.ValuesToNone, context).ReadAsync(cancellationToken).ConfigureAwait(false))
                    yield return batch;
                yield break;
            }
        }
        using var text = new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        SepReader csv;
        try
        {
            csv = await Sep.Reader(o => o with { Sep = new Sep(delimiter), HasHeader = false, DisableColCountCheck = true })
                .FromAsync(text, cancellationToken).ConfigureAwait(false);
        }
        catch (DecoderFallbackException e)
        {
            throw CsvRules.NotText(context, 1, e);
        }
        using (csv)
        {
            string[]? header = null;
            TextBatch.Builder? rows = null;
            var row = 0;
            await foreach (var batch in RowBatching.BatchesAsync(
                () => csv.MoveNextAsync(cancellationToken),
                () =>
                {
                    if (header is null) header = ReadHeader(csv.Current, context);
                    else if (!IsBlank(csv.Current))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        rows ??= new TextBatch.Builder(header);
                        ReadRow(csv.Current, header, ++row, context, rows);
                    }
                },
                () => rows,
                e => e is DecoderFallbackException fallback ? CsvRules.NotText(context, row + 1, fallback) : e).ConfigureAwait(false))
                yield return batch;
        }
    }

    private string[]? ReadHeader(SepReader.Row row, DecodeContext context)
    {
        if (IsBlank(row)) return null;
        CheckQuotes(row, 0, context);
        if (BodyPreview.LooksLikeHtml(row.Span)) throw CsvRules.LooksLikeHtml(context, row.Span);
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++) names[i] = Unquote(row[i].Span);
        // StreamReader keeps a UTF-8 byte-order mark when the encoding object has no preamble of its own.
        if (names.Length > 0 && names[0].StartsWith('\uFEFF')) names[0] = names[0][1..];
        return names;
    }

    private void ReadRow(SepReader.Row row, string[] header, int number, DecodeContext context, TextBatch.Builder rows)
    {
        CheckQuotes(row, number, context);
        if (row.ColCount > header.Length) throw CsvRules.TooManyValues(context, number, row.LineNumberFrom, row.ColCount, header.Length, delimiter);
        // Every column is kept, a duplicated name's too: the batch gives each name its last column's value.
        for (var column = 0; column < header.Length; column++)
        {
            if (column < row.ColCount) AddValue(row[column].Span, rows);
            else rows.AddNull();
        }
    }

    private void AddValue(ReadOnlySpan<char> raw, TextBatch.Builder rows)
    {
        // Compare before copying, so a null token costs nothing.
        if (raw.IndexOf('"') < 0)
        {
            foreach (var token in valuesToNone)
                if (raw.SequenceEqual(token)) { rows.AddNull(); return; }
            rows.Add(raw);
            return;
        }
        var room = rows.Reserve(raw.Length);
        var length = CsvRules.Unquote(raw, room);
        foreach (var token in valuesToNone)
            if (room[..length].SequenceEqual(token)) { rows.AddNull(); return; }
        rows.Commit(length);
    }

    private static string Unquote(ReadOnlySpan<char> raw)
    {
        if (raw.Length == 0 || raw[0] != '"') return new string(raw);
        char[]? rented = null;
        var text = raw.Length <= 512 ? stackalloc char[raw.Length] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        var value = new string(text[..CsvRules.Unquote(raw, text)]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return value;
    }

    /// <summary>Sep ends a row only outside quotes, so an odd count of quotes in a row means it ran to the end of the body.</summary>
    private static void CheckQuotes(SepReader.Row row, int number, DecodeContext context)
    {
        var span = row.Span;
        if (span.IndexOf('"') >= 0 && (span.Count('"') & 1) == 1) throw CsvRules.UnclosedQuote(context, number, row.LineNumberFrom);
    }

    private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row.Span.Trim("\r\n").Length == 0;


    /// <summary>The delimiter after Python's unicode-escape decoding, which the reference applies: <c>\t</c> is a tab.</summary>
    private static char ParseDelimiter(ComponentNode node)
    {
        var text = node.Text("delimiter")!;
        var value = text switch
        {
            "\\t" => "\t",
            "\\\\" => "\\",
            _ when text.StartsWith("\\x", StringComparison.Ordinal) || text.StartsWith("\\u", StringComparison.Ordinal)
                => int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var code) ? ((char)code).ToString() : text,
            _ => text,
        };
        if (value.Length != 1)
            throw new ComponentBuildException(node.Position, node.FieldPath("delimiter"), $"delimiter must be one character, got '{text}'");
        try
        {
            _ = new Sep(value[0]);
        }
        catch (ArgumentException)
        {
            throw new ComponentBuildException(node.Position, node.FieldPath("delimiter"), $"'{text}' cannot be used as a CSV delimiter");
        }
        return value[0];
    }
}
