namespace Siphon.Retrieval;

/// <summary>
/// The crash-safety protocol of a read, owned by the read loop and handed to the retriever in
/// <see cref="RetrievalContext.CrashSafety"/>. A read may be killed at any instant; the next read, started from the last
/// state that was output, must neither lose nor repeat records, nor create a second provider job for a slice whose job
/// is still running. The sequence, written down here once:
/// <list type="number">
/// <item><b>Durable change.</b> When the provider accepts a job, the retriever writes the slice's entry into the stream's
/// state (<c>async_jobs</c>) and calls <see cref="RequestCheckpoint"/>.</item>
/// <item><b>Checkpoint.</b> The read loop queues a state behind the items already read, so it is output before any
/// record read after it.</item>
/// <item><b>Mid-slice states.</b> The read loop counts an open slice's records per part (<see cref="RetrievedItem.Part"/>,
/// an async job's file). A state taken while the slice is open (a checkpoint, or every
/// <see cref="Runs.ReadOptions.CheckpointEveryRecords"/> records) first calls the slice's
/// <see cref="IDurableSlice.SaveProgress"/>; a slice that cannot resume part-way returns false and the state waits for
/// the slice's end.</item>
/// <item><b>Slice end.</b> The read loop calls <see cref="IDurableSlice.BeforeState"/> (the job's entry leaves the
/// state), the cursor closes the slice, and the state covering the whole slice is output.</item>
/// <item><b>After commit.</b> Only when the consumer asks for the next item (so that state was output and saved) does the
/// read loop call <see cref="IDurableSlice.AfterCommitAsync"/> (the provider's job is deleted). A retriever read without
/// a read loop (<see cref="RetrievalContext.CrashSafety"/> null) runs that work itself when its read ends.</item>
/// <item><b>Stop.</b> A graceful stop lets the retriever let go of its jobs (kept at the provider and in the state unless
/// jobs are aborted on stop) and the read loop outputs one last state saying how far the open slice got (step 3).</item>
/// <item><b>Resume.</b> The next read finds the slice's entry, polls the same job and skips, per part, the records the
/// saved progress counts; a job the provider no longer knows is replaced by a new one, with a warning.</item>
/// </list>
/// </summary>
public interface ICrashSafety
{
    /// <summary>
    /// The stream's state changed in a way that must be output before going on (a job was accepted): the read loop emits a
    /// state right behind what is already queued. May be called from any thread.
    /// </summary>
    void RequestCheckpoint();
}
