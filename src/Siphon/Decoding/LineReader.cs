using System.Buffers;

namespace Siphon.Decoding;

/// <summary>Splits a stream into lines (LF or CRLF) through one pooled buffer that grows only for a longer line.</summary>
internal sealed class LineReader(Stream stream) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;
    private bool _final;
    private int _lineLength;

    /// <summary>Number (from 1) of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Body offset of the line last returned.</summary>
    public long LineOffset { get; private set; }

    private long _bufferOffset;

    /// <summary>The line last read, without its line ending; valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _buffer.AsSpan(_start - _lineLength - Terminator, _lineLength);

    private int Terminator { get; set; }

    /// <summary>Reads the next line; false at the end of the body. A last line without a newline counts.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0 || (_final && available.Length > 0))
            {
                var length = newline >= 0 ? newline : available.Length;
                var terminator = newline >= 0 ? 1 : 0;
                if (length > 0 && available[length - 1] == (byte)'\r') { length--; terminator++; }
                LineOffset = _bufferOffset + _start;
                LineNumber++;
                _lineLength = length;
                Terminator = terminator;
                _start += length + terminator;
                return true;
            }
            if (_final) return false;
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _final = read == 0;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
