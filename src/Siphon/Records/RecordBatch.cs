using System.Text.Json;

namespace Siphon.Records;

/// <summary>
/// Consecutive records of one body, held together so the read path moves, counts and writes them a batch at a time
/// instead of a dictionary at a time. A batch is an immutable view: <see cref="Slice"/> shares the rows, so a checkpoint
/// or a resumed download that falls inside a batch splits it exactly. A record becomes a dictionary only when a
/// component needs one (<see cref="Materialize"/>), and only that record.
/// </summary>
public abstract class RecordBatch
{
    protected RecordBatch(int count) => Count = count;

    /// <summary>The rows in the batch (never zero for a batch the read path hands on).</summary>
    public int Count { get; }

    /// <summary>Row <paramref name="row"/> as the record the dictionary path would have built: same keys, order and values.</summary>
    public abstract Dictionary<string, object?> Materialize(int row);

    /// <summary>The rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, sharing this batch's storage.</summary>
    public abstract RecordBatch Slice(int start, int count);

    /// <summary>
    /// Writes row <paramref name="row"/>'s fields (name, value) into an open JSON object, exactly as
    /// <see cref="Values.JsonValues.Write"/> writes the materialised record's; <paramref name="key"/> gives a field name's
    /// encoded form (a writer's cache).
    /// </summary>
    public abstract void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key);

    /// <summary>
    /// The same rows with every field name passed through <paramref name="rename"/>, as a key transformation leaves a
    /// record (the order of first appearance; when two names become one, the value of the later field), or null when
    /// this batch cannot rename without its rows (then each row is materialised and renamed).
    /// </summary>
    public virtual RecordBatch? Renamed(Func<string, string> rename) => null;

    /// <summary>
    /// Gives the rows' storage back to the decoder's pool, when the batch has one: called by the one consumer that knows
    /// nothing reads these rows, or any view of them, any more. Every view then refuses to read. Nothing by default.
    /// </summary>
    public virtual void Release()
    {
    }

    /// <summary>The rows from <paramref name="start"/> to the end.</summary>
    public RecordBatch From(int start) => start == 0 ? this : Slice(start, Count - start);

    /// <summary>Every row, materialised.</summary>
    public IEnumerable<Dictionary<string, object?>> Records()
    {
        for (var i = 0; i < Count; i++) yield return Materialize(i);
    }

    protected void CheckSlice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count) throw new ArgumentOutOfRangeException(nameof(start), $"rows {start}..{start + count} of a batch of {Count}");
    }
}
