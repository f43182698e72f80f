using System.Runtime.CompilerServices;
using Siphon.Source;

namespace Siphon.Runs;

/// <summary>
/// Reads the other streams a stream's components need (a parent stream, a property list) with the read loop, in the
/// same run: the same HTTP session, scope, parallelism, job budget and resume. Such a read has no graceful stop of its
/// own (it ends when the read that needs it is stopped) and checkpoints at the default interval.
/// </summary>
internal sealed class ReadLoopStreamReader(ReadEnvironment environment) : IStreamReader
{
    private readonly ReadEnvironment _environment = environment with
    {
        CheckpointEveryRecords = ReadOptions.DefaultCheckpointEveryRecords,
        Stop = default,
        // Another stream's records are read by a component, never written by the output.
        PrepareBatch = null,
    };

    public async IAsyncEnumerable<StreamReadItem> ReadAsync(IStreamDefinition stream, Dictionary<string, object?>? state,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var definition = stream as StreamDefinition
            ?? throw new ArgumentException($"stream '{stream.Name}' was not built by the stream component", nameof(stream));
        await foreach (var item in new StreamReadLoop(definition, _environment, state).ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // A component reading another stream looks at its records: a batch's rows become records here.
            if (item.Batch is { } batch)
                foreach (var record in batch.Records()) yield return new StreamReadItem(record, item.Slice.Partition, null);
            else yield return new StreamReadItem(item.Record, item.Slice.Partition, item.State);
        }
    }

    public IAsyncEnumerable<StreamReadItem> ReadAsync(string name, object retriever, CancellationToken cancellationToken) =>
        ReadAsync(new StreamDefinition(name, StreamKind.Synchronous, default, [], null, retriever, []), null, cancellationToken);
}
