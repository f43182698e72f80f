namespace Siphon.Simulator;

/// <summary>
/// Server errors in bursts. Calls of an operation are numbered from 1 per family; the first <see cref="After"/> calls
/// succeed, then in each run of <see cref="Every"/> calls the first <see cref="Length"/> answer <see cref="Status"/>.
/// With every 5, length 2, after 0: calls 1, 2, 6, 7, 11, 12... fail. With after 1: calls 2, 3, 7, 8...
/// </summary>
public sealed record ErrorBurst
{
    public int Every { get; init; } = 1;
    public int Length { get; init; } = 1;
    public int Status { get; init; } = 503;
    public int After { get; init; }

    internal bool Fails(long call) => Every > 0 && Length > 0 && call > After && (call - After - 1) % Every < Length;
}
