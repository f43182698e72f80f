using System.Collections.Concurrent;
using Siphon.Runs;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Every run event of a read, for assertions on warnings, retries and job transitions.</summary>
public sealed class EventLog : IRunEventSink
{
    public ConcurrentQueue<RunEvent> All { get; } = new();
    public bool IsEnabled => true;
    public void Publish(RunEvent runEvent) => All.Enqueue(runEvent);
    public IEnumerable<T> Of<T>() => All.OfType<T>();
}
