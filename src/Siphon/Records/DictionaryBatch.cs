using System.Runtime.CompilerServices;
using System.Text.Json;
using Siphon.Values;

namespace Siphon.Records;

/// <summary>
/// A batch of records that already are dictionaries (a decoder without a batch form, or records a filter or a
/// transformation had to see). <see cref="Materialize"/> hands out the stored record itself: a row is taken once.
/// </summary>
public sealed class DictionaryBatch : RecordBatch
{
    private readonly Dictionary<string, object?>[] _records;
    private readonly int _first;

    public DictionaryBatch(Dictionary<string, object?>[] records) : this(records, 0, records.Length) { }

    private DictionaryBatch(Dictionary<string, object?>[] records, int first, int count) : base(count)
    {
        _records = records;
        _first = first;
    }

    /// <summary>
    /// Records grouped into batches as they come (<see cref="AsyncBatching.Batched{T}"/>): a batch goes on when it is full
    /// or as soon as the records have to wait, and the records read before an error come before it.
    /// </summary>
    public static async IAsyncEnumerable<RecordBatch> BatchedAsync(IAsyncEnumerable<Dictionary<string, object?>> records,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in records.Batched(cancellationToken: cancellationToken).ConfigureAwait(false))
            yield return new DictionaryBatch(batch);
    }

    public override Dictionary<string, object?> Materialize(int row) => _records[_first + row];

    public override RecordBatch Slice(int start, int count)
    {
        CheckSlice(start, count);
        return new DictionaryBatch(_records, _first + start, count);
    }

    public override void WriteFields(int row, Utf8JsonWriter writer, Func<string, JsonEncodedText> key)
    {
        foreach (var (name, value) in _records[_first + row])
        {
            writer.WritePropertyName(key(name));
            JsonValues.Write(writer, value);
        }
    }
}
