namespace Siphon.Retrieval;

/// <summary>
/// A slice's part in the crash-safety protocol (<see cref="ICrashSafety"/>, steps 3 to 5): carried on the slice's
/// items (<see cref="RetrievedItem.Durable"/>) by a retriever that reads the slice from durable provider jobs; the read
/// loop calls it around the states it emits. Retrievers that need nothing carry none.
/// </summary>
public interface IDurableSlice
{
    /// <summary>
    /// Saves how many records of each part of the (still open) slice were output, so a read resumed from a state taken
    /// mid-slice skips them; false when the slice cannot resume part-way (the state then waits for the slice's end).
    /// </summary>
    bool SaveProgress(IReadOnlyDictionary<int, long> recordsOutput);

    /// <summary>State changes that belong to the slice's end, made just before the state covering it is taken.</summary>
    void BeforeState();

    /// <summary>
    /// Work that waits until the state covering the slice's end was output (and so saved): deleting the provider's job,
    /// whose records a crash before that point would have to read again.
    /// </summary>
    Task AfterCommitAsync();
}
