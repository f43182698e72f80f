namespace Siphon.Simulator;

/// <summary>Holds a download to a byte rate: after n bytes, waits until n / rate seconds have passed since the start.</summary>
internal sealed class Throttle(TimeProvider time, long bytesPerSecond)
{
    private readonly long _started = time.GetTimestamp();

    public int SliceSize { get; } = (int)Math.Clamp(bytesPerSecond / 20, 1, 16 * 1024);

    public async Task WaitAsync(long bytesSent, CancellationToken ct)
    {
        var due = TimeSpan.FromSeconds((double)bytesSent / bytesPerSecond);
        var wait = due - time.GetElapsedTime(_started);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct);
        }
    }
}
