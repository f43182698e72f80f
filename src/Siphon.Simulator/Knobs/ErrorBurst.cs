namespace Siphon.Simulator;

/// <summary>
/// Server errors in bursts: in each run of <see cref="Every"/> calls of an operation, the last <see cref="Length"/>
/// answer <see cref="Status"/>. With every 5 and length 2, calls 4, 5, 9, 10... fail.
/// </summary>
public sealed record ErrorBurst
{
    public int Every { get; init; } = 1;
    public int Length { get; init; } = 1;
    public int Status { get; init; } = 503;

    internal bool Fails(long call) => Every > 0 && Length > 0 && (call - 1) % Every >= Every - Length;
}
