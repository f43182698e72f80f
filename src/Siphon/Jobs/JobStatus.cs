namespace Siphon.Jobs;

/// <summary>Where a job stands. Running is the only status that is not final.</summary>
public enum JobStatus { Running, Completed, Failed, TimedOut, Skipped }
