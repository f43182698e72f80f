using System.Collections.Concurrent;

namespace Siphon;

/// <summary>
/// What every part of a run shares, whatever its layer: where run events go, the clock, the jitter source, the secret
/// redactor and the run state of built components (an authenticator's token). Built components stay immutable; their
/// run state lives here. It depends on nothing else in the engine, so everything may depend on it; the HTTP session
/// (<see cref="Http.HttpSession"/>) holds the pooled client and refers to it.
/// </summary>
public sealed class RunContext
{
    private readonly ConcurrentDictionary<object, object> _state = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<object, object> _shared = new();

    public RunContext(IRunEventSink? events = null, SecretRedactor? redactor = null, TimeProvider? time = null, Random? jitter = null)
    {
        Events = events ?? NullRunEventSink.Instance;
        Redactor = redactor ?? new SecretRedactor();
        Time = time ?? TimeProvider.System;
        Jitter = jitter ?? new Random();
    }

    public IRunEventSink Events { get; }
    public SecretRedactor Redactor { get; }
    public TimeProvider Time { get; }
    public Random Jitter { get; }

    /// <summary>The run state a built component keeps for this run, created on first use.</summary>
    internal T State<T>(object owner, Func<T> create) where T : class => (T)_state.GetOrAdd(owner, _ => create());

    /// <summary>Run state shared by every component whose key is equal (by value): one OAuth token for equal token requests.</summary>
    internal T Shared<T>(object key, Func<T> create) where T : class => (T)_shared.GetOrAdd(key, _ => create());
}
