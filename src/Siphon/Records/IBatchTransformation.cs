using Siphon.Templates;

namespace Siphon.Records;

/// <summary>
/// A transformation that can apply itself to a whole batch (<see cref="RecordBatch"/>) without making each row a
/// dictionary, for the batches it knows: a key transformation renames a batch of text rows once.
/// </summary>
public interface IBatchTransformation
{
    /// <summary>The batch transformed exactly as <see cref="IRecordTransformation.Transform"/> would leave each row, or null when this batch's rows must go one by one.</summary>
    RecordBatch? Transform(RecordBatch batch, TemplateScope scope);
}
