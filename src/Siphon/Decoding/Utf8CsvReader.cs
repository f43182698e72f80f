using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Siphon.Records;

namespace Siphon.Decoding;

/// <summary>
/// A UTF-8 CSV body read as bytes, straight into <see cref="Utf8Batch"/>es: the body is read into 64 KB blocks, rows are
/// split in place (quoted values unquoted where they lie) and a batch's cells point into the block, so a value is never
/// decoded to characters, copied or made a string. The rules are <see cref="CsvDecoder"/>'s (those of its Sep path,
/// which reads every other encoding): a quote anywhere opens a quoted section that runs to the next quote; rows end at
/// <c>\n</c>, <c>\r\n</c> or <c>\r</c> outside quotes; blank lines are skipped; short rows are padded with null; a long
/// row, an unclosed quote or bytes that are not UTF-8 fail naming the row, after the rows before it.
/// </summary>
internal sealed class Utf8CsvReader(Stream body, byte delimiter, byte[][] valuesToNone, DecodeContext context)
{
    /// <summary>Under the large object heap's 85,000 bytes, whose garbage waits for a full collection.</summary>
    private const int BlockSize = 64 * 1024;

    /// <summary>Cell entries a batch holds at most (64 KB of them), so its cell array stays under the same threshold.</summary>
    private const int MaxCellEntries = 16 * 1024;

    private readonly SearchValues<byte> _specials = SearchValues.Create([delimiter, (byte)'"', (byte)'\r', (byte)'\n']);

    /// <summary>The rented block rows are read into; batches hold it until released.</summary>
    private SharedBlock _shared = new(BlockSize);
    private int _parsed;
    private int _end;
    private bool _final;

    /// <summary>The cells of the rows waiting to go out as a batch: (start, length or <see cref="Utf8Batch.Null"/>) pairs into the block.</summary>
    private int[] _cells = ArrayPool<int>.Shared.Rent(256);
    private int _cellEntries;
    private int _pendingRows;

    /// <summary>The UTF-8 checked so far (bytes before it are valid), and the first invalid byte found, if any.</summary>
    private int _validUpTo;
    private int _invalidAt = -1;

    /// <summary>Line breaks before <see cref="_linesCountedTo"/> in the current block, plus every earlier block's.</summary>
    private long _lines;
    private int _linesCountedTo;

    private string[]? _header;
    private BatchFields? _fields;
    private int _rows;

    /// <summary>One row's raw cells while it is split: (start, end, quoted) per cell, <see cref="_rowCells"/> of them.</summary>
    private (int Start, int End, bool Quoted)[] _row = new (int, int, bool)[16];
    private int _rowCells;

    /// <summary>Whether the body's first bytes were looked at for a byte-order mark.</summary>
    private bool _startChecked;

    public async IAsyncEnumerable<Utf8Batch> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in BatchesAsync(cancellationToken).ConfigureAwait(false)) yield return batch;
        }
        finally
        {
            // The reader's own hold on its last block, and the cells no batch took.
            _shared.Drop();
            ArrayPool<int>.Shared.Return(_cells);
        }
    }

    private async IAsyncEnumerable<Utf8Batch> BatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_final)
            {
                if (_end == _shared.Bytes.Length)
                {
                    // This block is full: its rows go before a new block takes the unsplit tail.
                    if (_pendingRows > 0) yield return TakeBatch();
                    ReplaceBlock();
                }
                var read = body.ReadAsync(_shared.Bytes.AsMemory(_end), cancellationToken);
                if (!read.IsCompleted && _pendingRows > 0)
                {
                    // The body has to wait: what was read goes on now rather than after the wait.
                    var pending = read.AsTask();
                    yield return TakeBatch();
                    read = new ValueTask<int>(pending);
                }
                var count = await read.ConfigureAwait(false);
                if (count == 0) _final = true;
                _end += count;
            }
            cancellationToken.ThrowIfCancellationRequested();
            CsvFailure? failure = null;
            var stoppedEarly = false;
            try
            {
                stoppedEarly = ParseRows();
            }
            catch (CsvFailure e)
            {
                failure = e;
            }
            if (failure is not null)
            {
                // The rows read before the failure still go out first, as they would one by one.
                if (_pendingRows > 0) yield return TakeBatch();
                throw failure.Exception;
            }
            if (stoppedEarly && _pendingRows > 0) yield return TakeBatch();
            else if (_final) break;
        }
        if (_pendingRows > 0) yield return TakeBatch();
    }

    /// <summary>A fresh block with the unsplit tail at its start; rows already handed out keep the old one.</summary>
    private void ReplaceBlock()
    {
        CountLines(_parsed);
        var tail = _end - _parsed;
        var next = new SharedBlock(tail >= BlockSize / 2 ? Math.Max(BlockSize, tail * 2) : BlockSize);
        _shared.Bytes.AsSpan(_parsed, tail).CopyTo(next.Bytes);
        _validUpTo = Math.Max(0, _validUpTo - _parsed);
        if (_invalidAt >= 0) _invalidAt -= _parsed;
        _linesCountedTo = 0;
        _shared.Drop();
        _shared = next;
        _end = tail;
        _parsed = 0;
    }

    private Utf8Batch TakeBatch()
    {
        var batch = new Utf8Batch(_fields!, _header!.Length, new BatchStorage(_shared, _cells), 0, _pendingRows);
        _cells = ArrayPool<int>.Shared.Rent(Math.Min(MaxCellEntries, Math.Max(256, _cellEntries + _cellEntries / 8 + _header.Length * 2)));
        _cellEntries = 0;
        _pendingRows = 0;
        return batch;
    }

    /// <summary>
    /// Splits every whole row read so far (and the last, unended one once the body has ended); true when it stopped
    /// early because the batch is full.
    /// </summary>
    private bool ParseRows()
    {
        if (!_startChecked)
        {
            if (_end < 3 && !_final) return false;
            _startChecked = true;
            // A UTF-8 byte-order mark is not part of the first column's name.
            if (_shared.Bytes.AsSpan(0, _end).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) _parsed = _linesCountedTo = _validUpTo = 3;
        }
        CheckUtf8();
        var data = _shared.Bytes.AsSpan(0, _end);
        while (_parsed < _end && SplitRow(data, out var next))
        {
            if (_invalidAt >= 0 && _invalidAt < next) throw NotText();
            TakeRow(data, next);
            _parsed = next;
            // The batch goes before the next row could take its cells past MaxCellEntries (a rented array of that many
            // stays under the large object heap); a row wider than that alone grows them.
            if (_header is not null && _cellEntries + _header.Length * 2 > MaxCellEntries) return true;
        }
        if (_final && _invalidAt >= 0) throw NotText();
        return false;
    }

    /// <summary>
    /// Checks the bytes up to the last line break read (a character never spans one) or to the end of the body, and
    /// notes the first invalid byte: rows before it go on, the row holding it fails.
    /// </summary>
    private void CheckUtf8()
    {
        if (_invalidAt >= 0) return;
        var end = _final ? _end : _shared.Bytes.AsSpan(_validUpTo, _end - _validUpTo).LastIndexOfAny((byte)'\n', (byte)'\r') switch
        {
            < 0 => _validUpTo,
            var at => _validUpTo + at + 1,
        };
        var span = _shared.Bytes.AsSpan(_validUpTo, end - _validUpTo);
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(span, new char[span.Length], out var read, out _, replaceInvalidSequences: false);
            _invalidAt = _validUpTo + (status == OperationStatus.Done ? span.Length : read);
        }
        _validUpTo = end;
    }

    /// <summary>
    /// Finds the row starting at <see cref="_parsed"/> and its cells (into <see cref="_row"/>); false when the row is not
    /// whole yet. <paramref name="next"/> is where the following row starts.
    /// </summary>
    private bool SplitRow(ReadOnlySpan<byte> data, out int next)
    {
        _rowCells = 0;
        var cellStart = _parsed;
        var quoted = false;
        var i = _parsed;
        next = 0;
        while (true)
        {
            var found = data[i..].IndexOfAny(_specials);
            if (found < 0)
            {
                if (!_final) return false;
                AddRawCell(cellStart, data.Length, quoted);
                next = data.Length;
                return true;
            }
            var at = i + found;
            var c = data[at];
            if (c == (byte)'"')
            {
                var close = data[(at + 1)..].IndexOf((byte)'"');
                if (close < 0)
                {
                    if (!_final) return false;
                    throw UnclosedQuote();
                }
                quoted = true;
                i = at + 1 + close + 1;
                continue;
            }
            if (c == delimiter)
            {
                AddRawCell(cellStart, at, quoted);
                cellStart = at + 1;
                quoted = false;
                i = at + 1;
                continue;
            }
            // A line break outside quotes ends the row; after \r, a \n may still be coming.
            if (c == (byte)'\r' && at + 1 == data.Length && !_final) return false;
            AddRawCell(cellStart, at, quoted);
            next = c == (byte)'\r' && at + 1 < data.Length && data[at + 1] == (byte)'\n' ? at + 2 : at + 1;
            return true;
        }
    }

    private void AddRawCell(int start, int end, bool quoted)
    {
        if (_rowCells == _row.Length) Array.Resize(ref _row, _row.Length * 2);
        _row[_rowCells++] = (start, end, quoted);
    }

    /// <summary>Takes the split row (it ends before <paramref name="next"/>): skipped when blank, the header when first, else a record's cells.</summary>
    private void TakeRow(Span<byte> data, int next)
    {
        var cells = _rowCells;
        if (cells == 1 && _row[0].End == _row[0].Start) return;
        if (_header is not null && cells > _header.Length) throw TooManyValues(cells);
        // Unquoting rewrites the row's bytes: its line breaks are counted first, as they were.
        for (var i = 0; i < cells; i++)
            if (_row[i].Quoted) { CountLines(next); break; }
        if (_header is null)
        {
            ReadHeader(data, cells);
            return;
        }
        _rows++;
        EnsureCells(_header.Length * 2);
        for (var column = 0; column < _header.Length; column++)
        {
            if (column >= cells)
            {
                AddCell(0, Utf8Batch.Null);
                continue;
            }
            var (start, end, quoted) = _row[column];
            var length = quoted ? CsvRules.Unquote<byte>(data[start..end], data[start..end]) : end - start;
            var value = data.Slice(start, length);
            AddCell(start, IsNone(value) ? Utf8Batch.Null : length);
        }
        _pendingRows++;
    }

    private bool IsNone(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < valuesToNone.Length; i++)
            if (value.SequenceEqual(valuesToNone[i])) return true;
        return false;
    }

    private void ReadHeader(Span<byte> data, int cells)
    {
        var rowStart = _row[0].Start;
        var raw = data[rowStart.._row[cells - 1].End];
        if (BodyPreview.LooksLikeHtml(raw)) throw new CsvFailure(CsvRules.LooksLikeHtml(context, Encoding.UTF8.GetString(raw)));
        var names = new string[cells];
        for (var i = 0; i < cells; i++)
        {
            var (start, end, quoted) = _row[i];
            var length = quoted ? CsvRules.Unquote<byte>(data[start..end], data[start..end]) : end - start;
            names[i] = Encoding.UTF8.GetString(data.Slice(start, length));
        }
        if (names.Length > 0 && names[0].StartsWith('\uFEFF')) names[0] = names[0][1..];
        _header = names;
        _fields = BatchFields.FromColumns(names);
    }

    private void EnsureCells(int more)
    {
        if (_cellEntries + more > _cells.Length) Grow(more);
    }

    private void Grow(int more) => _cells = BatchStorage.Grown(_cells, _cellEntries, Math.Max(_cells.Length * 2, _cellEntries + more));

    private void AddCell(int start, int length)
    {
        _cells[_cellEntries++] = start;
        _cells[_cellEntries++] = length;
    }

    /// <summary>The 1-based line a byte of the current block is on (counting <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c> as one break each).</summary>
    private long LineAt(int position)
    {
        CountLines(position);
        return _lines + 1;
    }

    private void CountLines(int upTo)
    {
        if (upTo <= _linesCountedTo) return;
        var span = _shared.Bytes.AsSpan(_linesCountedTo, upTo - _linesCountedTo);
        _lines += span.Count((byte)'\n');
        if (span.Contains((byte)'\r'))
            for (var i = 0; i < span.Length; i++)
                if (span[i] == (byte)'\r' && (_linesCountedTo + i + 1 >= _end || _shared.Bytes[_linesCountedTo + i + 1] != (byte)'\n')) _lines++;
        _linesCountedTo = upTo;
    }

    private CsvFailure TooManyValues(int cells) =>
        new(CsvRules.TooManyValues(context, _rows + 1, (int)LineAt(_parsed), cells, _header!.Length, (char)delimiter));

    private CsvFailure UnclosedQuote() =>
        new(_header is null ? CsvRules.UnclosedQuote(context, 0, 1) : CsvRules.UnclosedQuote(context, _rows + 1, (int)LineAt(_parsed)));

    private CsvFailure NotText() => new(CsvRules.NotText(context, _header is null ? 1 : _rows + 1));

    /// <summary>Carries a decode failure out of the synchronous split to where the rows before it are handed on first.</summary>
    private sealed class CsvFailure(DecodeException exception) : Exception(exception.Message)
    {
        public DecodeException Exception { get; } = exception;
    }
}
