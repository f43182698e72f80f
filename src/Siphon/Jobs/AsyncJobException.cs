using Siphon.Http.ErrorHandling;

namespace Siphon.Jobs;

/// <summary>An async job step went wrong in a way that stops the read; the message names the step and the job.</summary>
public sealed class AsyncJobException(string message, FailureType failureType = FailureType.SystemError, Exception? inner = null)
    : Exception(message, inner)
{
    public FailureType FailureType { get; } = failureType;
}
