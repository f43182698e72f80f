namespace Siphon;

/// <summary>What a step of a run is for. Front ends group and sort by this, never by a step's text.</summary>
public enum StepKind
{
    /// <summary>The read loop of a stream: its slices, states and status.</summary>
    Read,

    /// <summary>A page request of a synchronous stream (also what a parent stream, a dynamic schema or a property list reads).</summary>
    Page,

    CreateJob,

    /// <summary>Picking up a job a saved state names, instead of creating one.</summary>
    ResumeJob,

    /// <summary>Giving up on a job attempt and creating a new one.</summary>
    RetryJob,

    PollJob,
    DownloadTarget,
    Download,
    AbortJob,
    DeleteJob,

    /// <summary>An OAuth authenticator's token request, made for the step it authenticates.</summary>
    OAuthToken,

    /// <summary>A session token authenticator's login request, made for the step it authenticates.</summary>
    LogIn,
}

/// <summary>
/// A step of a run: what it is for (<see cref="Kind"/>) and how people read it (<see cref="Text"/>, e.g. "poll job 7f3a").
/// Run events and requests carry both; the text may be reworded freely because nothing parses it.
/// </summary>
public readonly record struct Step(StepKind Kind, string Text)
{
    public override string ToString() => Text;

    public static Step Read(string stream) => new(StepKind.Read, stream);

    public static Step Page(string stream) => new(StepKind.Page, stream);

    public static Step CreateJob { get; } = new(StepKind.CreateJob, "create job");

    public static Step ResumeJob { get; } = new(StepKind.ResumeJob, "resume job");

    public static Step RetryJob { get; } = new(StepKind.RetryJob, "retry job");

    public static Step PollJob(string jobId) => new(StepKind.PollJob, $"poll job {jobId}");

    public static Step DownloadTargetOf(string jobId) => new(StepKind.DownloadTarget, $"download target of job {jobId}");

    public static Step DownloadOf(string jobId) => new(StepKind.Download, $"download of job {jobId}");

    public static Step AbortJob(string jobId) => new(StepKind.AbortJob, $"abort job {jobId}");

    public static Step DeleteJob(string jobId) => new(StepKind.DeleteJob, $"delete job {jobId}");

    /// <summary>An authenticator's own request, made for this step.</summary>
    public Step ObtainOAuthToken() => new(StepKind.OAuthToken, $"{Text}: obtain OAuth token");

    /// <summary>A session token authenticator's login, made for this step.</summary>
    public Step LogIn() => new(StepKind.LogIn, $"{Text}: log in");
}
