namespace Siphon.Http.Auth;

/// <summary>Adds credentials to a request being assembled. Built once; per-run state (tokens) lives in the session.</summary>
internal interface IAuthenticator
{
    ValueTask ApplyAsync(RequestParts parts, RequestContext context, CancellationToken cancellationToken);

    /// <summary>
    /// True when the credentials are a token obtained during the run: a 401 then refreshes it once and retries,
    /// and REFRESH_TOKEN_THEN_RETRY has something to refresh.
    /// </summary>
    bool CanRefresh { get; }

    /// <summary>Forgets the token obtained for this run so the next request obtains a new one.</summary>
    void Invalidate(HttpSession session);

    /// <summary>As <see cref="Invalidate(HttpSession)"/>, after a request that carried <paramref name="usedAuthorization"/> failed.</summary>
    void Invalidate(HttpSession session, string? usedAuthorization) => Invalidate(session);
}
