namespace Siphon;

/// <summary>
/// Reads another stream in the same run (a parent stream for a partition router, a property list for query properties):
/// the read loop implements it and hands it down in <see cref="StreamContext.Streams"/>, so the components that read
/// other streams do not depend on the read loop, which depends on them.
/// </summary>
public interface IStreamReader
{
    /// <summary>Reads <paramref name="stream"/> from <paramref name="state"/> (null: from the start): its records and states, in order.</summary>
    IAsyncEnumerable<StreamReadItem> ReadAsync(IStreamDefinition stream, Dictionary<string, object?>? state, CancellationToken cancellationToken);

    /// <summary>Reads the records of <paramref name="retriever"/> as a stream of its own named <paramref name="name"/>, without state.</summary>
    IAsyncEnumerable<StreamReadItem> ReadAsync(string name, object retriever, CancellationToken cancellationToken);
}

/// <summary>A stream definition as the components that read other streams see it (built by the stream's component).</summary>
public interface IStreamDefinition
{
    string Name { get; }
}

/// <summary>What reading another stream yields: a record with its slice's partition, or (with <see cref="State"/> set) a state.</summary>
public readonly record struct StreamReadItem(Dictionary<string, object?>? Record, IReadOnlyDictionary<string, object?> Partition, Dictionary<string, object?>? State);
