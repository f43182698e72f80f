namespace Siphon.Simulator;

/// <summary>How one family spells its job statuses. Running values advance with each poll and stay on the last.</summary>
internal sealed record StatusVocabulary(string[] Running, string Completed, string Failed, string Aborted, string Unknown)
{
    public string RunningAt(int poll) => Running[Math.Clamp(poll - 1, 0, Running.Length - 1)];

    public string For(JobPhase phase, int poll, bool unknown) => phase switch
    {
        JobPhase.Running when unknown => Unknown,
        JobPhase.Running => RunningAt(poll),
        JobPhase.Completed => Completed,
        JobPhase.Failed => Failed,
        _ => Aborted,
    };
}
