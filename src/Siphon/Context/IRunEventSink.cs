namespace Siphon;

/// <summary>
/// Where run events go. Producers check <see cref="IsEnabled"/> before building an event, so nothing is computed
/// when nobody listens. Implementations must be thread-safe: requests of several partitions report concurrently.
/// </summary>
public interface IRunEventSink
{
    bool IsEnabled { get; }

    void Publish(RunEvent runEvent);
}

/// <summary>The default sink: nobody listens.</summary>
public sealed class NullRunEventSink : IRunEventSink
{
    public static NullRunEventSink Instance { get; } = new();

    private NullRunEventSink() { }

    public bool IsEnabled => false;

    public void Publish(RunEvent runEvent) { }
}

/// <summary>Something that happened during a run, with when and in which step (its kind, and text such as "poll job 7f3a").</summary>
public abstract record RunEvent(DateTimeOffset Timestamp, Step Step);
