using Siphon.Retrieval;

namespace Siphon.Partitions;

/// <summary>Produces the partitions of a stream (accounts, parent records, listed values); each becomes one or more slices.</summary>
public interface IPartitionRouter
{
    IAsyncEnumerable<StreamSlice> SlicesAsync(RetrievalContext context, CancellationToken cancellationToken);
}
