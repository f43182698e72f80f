using System.Buffers;

namespace Siphon.Records;

/// <summary>
/// A rented byte block a CSV reader fills: the rows read so far go out as a batch before the block is full, so several
/// batches lie in one block. It goes back to the pool once its reader has moved on and every batch on it was released.
/// </summary>
internal sealed class SharedBlock(int size)
{
    // The reader's own hold; each batch adds one.
    private int _holders = 1;

    public byte[] Bytes { get; } = ArrayPool<byte>.Shared.Rent(size);

    public void Hold() => Interlocked.Increment(ref _holders);

    public void Drop()
    {
        if (Interlocked.Decrement(ref _holders) == 0) ArrayPool<byte>.Shared.Return(Bytes);
    }
}
