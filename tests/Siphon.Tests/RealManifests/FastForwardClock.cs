namespace Siphon.Tests.RealManifests;

/// <summary>
/// A clock whose timers fire at once (a few real milliseconds) and move the time forward by their due time, so a real
/// manifest's default polling (seconds between polls) runs in milliseconds while the engine still sees time pass.
/// </summary>
internal sealed class FastForwardClock(DateTimeOffset start) : TimeProvider
{
    private static readonly TimeSpan RealWait = TimeSpan.FromMilliseconds(2);
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public override long GetTimestamp() => Interlocked.Read(ref _ticks);
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SkippingTimer(this, System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private TimeSpan Skip(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan) return due;
        if (due > TimeSpan.Zero) Interlocked.Add(ref _ticks, due.Ticks);
        return due > RealWait ? RealWait : due;
    }

    private sealed class SkippingTimer(FastForwardClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Skip(dueTime), period == Timeout.InfiniteTimeSpan ? period : clock.Skip(period));
        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
