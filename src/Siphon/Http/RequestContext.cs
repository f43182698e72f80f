using Siphon.Templates;

namespace Siphon.Http;

/// <summary>
/// What one request needs at run time: the run's <see cref="HttpSession"/>, the step it belongs to (named in events
/// and errors), the template variables (config, stream_slice, next_page_token, creation_response, ...; the requester
/// adds its own <c>parameters</c>) and the values other components inject (page tokens, cursor bounds, partitions).
/// </summary>
internal sealed record RequestContext(HttpSession Session, Step Step, TemplateScope Scope)
{
    public IReadOnlyList<InjectedOption> Options { get; init; } = [];

    /// <summary>The stream, slice and job the request serves, for run events.</summary>
    public RequestOrigin? Origin { get; init; }

    /// <summary>Bounds on the error handler's retries, for best-effort steps that must not hold up the run; none by default.</summary>
    public RetryCap? RetryCap { get; init; }
}

/// <summary>Bounds on a request's retries beyond what its error handler allows.</summary>
internal sealed record RetryCap
{
    public int MaxRetries { get; init; } = int.MaxValue;

    /// <summary>The longest single wait before a retry.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.MaxValue;

    /// <summary>No wait goes past this instant (a job's own timeout); a retry due later is made at it, and none after it.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public static RetryCap BestEffort { get; } = new() { MaxRetries = 2, MaxWait = TimeSpan.FromSeconds(2) };
}

/// <summary>A value another component injects into a request, and where (a <see cref="RequestOption"/> or a <see cref="RequestPath"/>).</summary>
internal readonly record struct InjectedOption(IRequestInjection Target, object? Value);

/// <summary>Something that puts a value into a request being assembled.</summary>
internal interface IRequestInjection
{
    void Inject(RequestParts parts, object? value, TemplateScope scope);
}
