using System.Buffers;

namespace Siphon.Records;

/// <summary>
/// What one batch's rows lie in: its own cell or row entries and the bytes they point into (a <see cref="Utf8Batch"/>'s
/// block, shared by the batches read from it; a <see cref="JsonLineBatch"/>'s own buffer). Every view of the batch
/// (slices, renamed) shares this storage. Rented storage goes back to the pool when the one consumer that knows nothing reads the rows any more releases it (the
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

    /// <summary>Throws once the storage was released: a view must never read bytes the pool has handed on.</summary>
    public void EnsureReadable()
    {
        if (Volatile.Read(ref _released) != 0)
            throw new InvalidOperationException("this batch's rows were released to the pool after they were written; nothing may read them now");
    }

    public void Release()
    {
        if (!_rented || Interlocked.Exchange(ref _released, 1) != 0) return;
        ArrayPool<int>.Shared.Return(Cells);
        if (_block is not null) _block.Drop();
        else ArrayPool<byte>.Shared.Return(Bytes);
    }

    /// <summary>A larger rented array holding the first <paramref name="used"/> items of <paramref name="rented"/>, which goes back to the pool.</summary>
    public static T[] Grown<T>(T[] rented, int used, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        rented.AsSpan(0, used).CopyTo(larger);
        ArrayPool<T>.Shared.Return(rented);
        return larger;
    }
}
