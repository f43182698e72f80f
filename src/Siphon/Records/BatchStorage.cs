using System.Buffers;

namespace Siphon.Records;

/// <summary>
/// What one <see cref="Utf8Batch"/>'s rows lie in: its own cell entries and the byte block they point into, which the
/// batches read from the same block share. Every view of the batch (slices, renamed) shares this storage. Rented
/// storage goes back to the pool when the one consumer that knows nothing reads the rows any more releases it (the
/// Airbyte writer, once it copied every rendered line); after that every view refuses to read instead of reading
/// bytes the pool has handed to someone else. A batch never released (kept by a component, or left by a stopped
/// read) leaves its storage to the collector.
/// </summary>
internal sealed class BatchStorage
{
    private readonly SharedBlock? _block;
    private int _released;

    /// <summary>Storage of the decoder's rented block, which this batch holds until it is released.</summary>
    public BatchStorage(SharedBlock block, int[] rentedCells)
    {
        block.Hold();
        _block = block;
        Bytes = block.Bytes;
        Cells = rentedCells;
    }

    /// <summary>Storage owned by the collector alone: releasing it changes nothing.</summary>
    public BatchStorage(byte[] bytes, int[] cells)
    {
        Bytes = bytes;
        Cells = cells;
    }

    public byte[] Bytes { get; }

    public int[] Cells { get; }

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    public void Release()
    {
        if (_block is null || Interlocked.Exchange(ref _released, 1) != 0) return;
        ArrayPool<int>.Shared.Return(Cells);
        _block.Drop();
    }
}

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
