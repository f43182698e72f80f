using System.Buffers;

namespace Siphon.Records;

/// <summary>
/// What one batch's rows lie in: its own cell or row entries and the bytes they point into (a <see cref="Utf8Batch"/>'s
/// block, shared by the batches read from it; a <see cref="JsonLineBatch"/>'s own buffer). Every view of the batch (slices, renamed) shares this storage. Rented
/// storage goes back to the pool when the one consumer that knows nothing reads the rows any more releases it (the
/// Airbyte writer, once it copied every rendered line); after that every view refuses to read instead of reading
/// bytes the pool has handed to someone else. A batch never released (kept by a component, or left by a stopped
/// read) leaves its storage to the collector.
/// </summary>
internal sealed class BatchStorage
{
    private readonly SharedBlock? _block;
    private readonly bool _rented;
    private int _released;

    /// <summary>Storage of the decoder's rented block, which this batch holds until it is released.</summary>
    public BatchStorage(SharedBlock block, int[] rentedCells)
    {
        block.Hold();
        _block = block;
        _rented = true;
        Bytes = block.Bytes;
        Cells = rentedCells;
    }

    /// <summary>
    /// Storage of this batch alone: both arrays rented from the shared pools when <paramref name="rented"/> (they go back
    /// on release), else owned by the collector (releasing changes nothing).
    /// </summary>
    public BatchStorage(byte[] bytes, int[] cells, bool rented = false)
    {
        _rented = rented;
        Bytes = bytes;
        Cells = cells;
    }

    public byte[] Bytes { get; }

    public int[] Cells { get; }

    public bool IsReleased => Volatile.Read(ref _released) != 0;

    public void Release()
    {
        if (!_rented || Interlocked.Exchange(ref _released, 1) != 0) return;
        ArrayPool<int>.Shared.Return(Cells);
        if (_block is not null) _block.Drop();
        else ArrayPool<byte>.Shared.Return(Bytes);
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
