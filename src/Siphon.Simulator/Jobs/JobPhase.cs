namespace Siphon.Simulator;

/// <summary>Where a job is in its life, independent of how a family spells its statuses.</summary>
public enum JobPhase
{
    Running,
    Completed,
    Failed,
    Aborted,
}
