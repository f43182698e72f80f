namespace Siphon.Decoding;

/// <summary>Base for the forward-only wrapper streams decoders read through: only ReadAsync/Read need writing.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);
}

/// <summary>A stream whose first bytes were read to sniff the format and are handed back before the rest.</summary>
internal sealed class PeekedStream(Stream inner) : ReadOnlyStream
{
    private readonly byte[] _head = new byte[4];
    private int _headStart;
    private int _headEnd;

    /// <summary>Reads up to <paramref name="count"/> leading bytes (fewer only when the body is shorter).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> PeekAsync(int count, CancellationToken cancellationToken)
    {
        while (_headEnd < count)
        {
            var read = await inner.ReadAsync(_head.AsMemory(_headEnd, count - _headEnd), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            _headEnd += read;
        }
        return _head.AsMemory(0, _headEnd);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headStart < _headEnd)
        {
            var n = Math.Min(buffer.Length, _headEnd - _headStart);
            _head.AsMemory(_headStart, n).CopyTo(buffer);
            _headStart += n;
            return n;
        }
        return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }
}
