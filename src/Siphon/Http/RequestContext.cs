using Siphon.Templates;

namespace Siphon.Http;

/// <summary>
/// What one request needs at run time: the run's <see cref="HttpSession"/>, the step it belongs to (named in events
/// and errors), the template variables (config, stream_slice, next_page_token, creation_response, ...; the requester
/// adds its own <c>parameters</c>) and the values other components inject (page tokens, cursor bounds, partitions).
/// </summary>
internal sealed record RequestContext(HttpSession Session, string Step, TemplateScope Scope)
{
    public IReadOnlyList<InjectedOption> Options { get; init; } = [];

    /// <summary>The stream, slice and job the request serves, for run events.</summary>
    public Runs.RequestOrigin? Origin { get; init; }

    /// <summary>Bounds on the error handler's retries, for best-effort steps that must not hold up the run; none by default.</summary>
    public RetryCap? RetryCap { get; init; }
}

/// <summary>At most <paramref name="MaxRetries"/> retries, each waiting at most <paramref name="MaxWait"/>, whatever the error handler allows.</summary>
internal sealed record RetryCap(int MaxRetries, TimeSpan MaxWait)
{
    /// <summary>A cleanup (abort, delete): a couple of quick retries, then the run goes on without it.</summary>
    public static RetryCap BestEffort { get; } = new(2, TimeSpan.FromSeconds(2));
}

/// <summary>A value another component injects into a request, and where (a <see cref="RequestOption"/> or a <see cref="RequestPath"/>).</summary>
internal readonly record struct InjectedOption(IRequestInjection Target, object? Value);

/// <summary>Something that puts a value into a request being assembled.</summary>
internal interface IRequestInjection
{
    void Inject(RequestParts parts, object? value, TemplateScope scope);
}
