namespace Siphon.Simulator;

/// <summary>A status a job took, as the family spelled it, and when (by the simulator's clock).</summary>
public sealed record StatusChange(string Status, DateTimeOffset At);
