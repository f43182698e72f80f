using System.Collections.Concurrent;
using Siphon.Jobs;
using Siphon.Runs;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Which jobs the engine created, finished, deleted and aborted; counters only, so a long run keeps flat memory.</summary>
public sealed class JobEventCounts : IRunEventSink
{
    private readonly ConcurrentDictionary<string, byte> _created = new(), _finished = new(), _deleted = new(), _aborted = new();
    private long _warnings;

    public bool IsEnabled => true;

    public int Created => _created.Count;
    public int Finished => _finished.Count;
    public int Deleted => _deleted.Count;
    public int Aborted => _aborted.Count;
    public long Warnings => Interlocked.Read(ref _warnings);

    public IEnumerable<string> CreatedNotEnded => _created.Keys.Where(id => !_finished.ContainsKey(id) && !_aborted.ContainsKey(id));

    public void Publish(RunEvent runEvent)
    {
        switch (runEvent)
        {
            case JobCreated e: _created[e.Job.JobId] = 0; break;
            case JobFinished e: _finished[e.Job.JobId] = 0; break;
            case JobDeleted e when e.Succeeded: _deleted[e.Job.JobId] = 0; break;
            case JobAborted e: _aborted[e.Job.JobId] = 0; break;
            case JobWarning: Interlocked.Increment(ref _warnings); break;
        }
    }
}
