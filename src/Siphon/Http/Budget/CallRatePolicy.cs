namespace Siphon.Http.Budget;

/// <summary>A call-rate policy of an <see cref="HttpApiBudget"/>: which requests it counts, and a fresh count for a run.</summary>
internal interface ICallRatePolicy
{
    bool Matches(HttpRequestMessage request);

    /// <summary>The policy's count for one run, opened at its first matching request.</summary>
    ICallRateWindow Open(DateTimeOffset now);
}

/// <summary>One run's count of a policy. Callers serialize access.</summary>
internal interface ICallRateWindow
{
    /// <summary>Counts a call and returns zero, or counts nothing and returns how long to wait before trying again.</summary>
    TimeSpan TryAcquire(DateTimeOffset now);
}

/// <summary>Policies count the requests their matchers select; no matcher selects every request.</summary>
internal static class CallRateMatchers
{
    public static bool Any(IReadOnlyList<HttpRequestRegexMatcher> matchers, HttpRequestMessage request) =>
        matchers.Count == 0 || matchers.Any(m => m.Matches(request));
}
