using System.Collections.Concurrent;
using Siphon.Runs;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Every run event of a read, for assertions on warnings, retries and job transitions.</summary>
public sealed class EventLog : IRunEventSink
{
    public ConcurrentQueue<RunEvent> All { get; } = new();
    public bool IsEnabled => true;

    /// <summary>Called with each event as it is published (a test that stops the read at a given moment).</summary>
    public Action<RunEvent>? OnEvent { get; init; }

    public void Publish(RunEvent runEvent)
    {
        All.Enqueue(runEvent);
        OnEvent?.Invoke(runEvent);
    }

    public IEnumerable<T> Of<T>() => All.OfType<T>();
}
