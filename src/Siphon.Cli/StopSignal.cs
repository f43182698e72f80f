using System.Runtime.InteropServices;

namespace Siphon.Cli;

/// <summary>
/// Ctrl+C and SIGTERM. The first one asks for a graceful stop (<see cref="Stopping"/>): a sync or read commits what it
/// read and keeps its jobs for the next run. A second one stops at once (<see cref="Abandoned"/>), as kill -9 would,
/// which the saved state survives too. Replaces System.CommandLine's handler, which kills the process 2 s after the
/// first signal, before a stop that waits for the destination's last commit can finish.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abandoned = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signal;

    public StopSignal() => _registrations =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
    ];

    public CancellationToken Stopping => _stopping.Token;

    public CancellationToken Abandoned => _abandoned.Token;

    /// <summary>The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => Volatile.Read(ref _signal) == (int)PosixSignal.SIGTERM ? 143 : 130;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0) == 0)
        {
            Console.Error.WriteLine("Stopping: saving what was read (press Ctrl+C again to stop at once).");
            _stopping.Cancel();
        }
        else
        {
            _stopping.Cancel();
            _abandoned.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stopping.Dispose();
        _abandoned.Dispose();
    }
}
