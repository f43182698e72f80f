namespace Siphon.Http.Auth;

/// <summary>A token obtained during a run, its expiry and the lock that makes concurrent requests share one refresh.</summary>
internal sealed class TokenCache
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public string? Token { get; set; }
    public DateTimeOffset? Expiry { get; set; }
    public DateTimeOffset? RefreshAt { get; set; }

    /// <summary>A rotated refresh token, replacing the configured one for the rest of the run.</summary>
    public string? RefreshToken { get; set; }

    public bool IsFresh(DateTimeOffset now) => Token is not null && (RefreshAt is null || now < RefreshAt);

    /// <summary>Sets the token and when to refresh it: a minute before expiry, or at 90% of a lifetime shorter than ten minutes.</summary>
    public void Set(string token, DateTimeOffset now, DateTimeOffset? expiry)
    {
        Token = token;
        Expiry = expiry;
        if (expiry is null) { RefreshAt = null; return; }
        var lifetime = expiry.Value - now;
        var margin = lifetime > TimeSpan.FromMinutes(10) ? TimeSpan.FromMinutes(1) : lifetime / 10;
        RefreshAt = expiry - margin;
    }

    /// <summary>Forgets the token, unless <paramref name="used"/> says the failed request carried an older one.</summary>
    public void Invalidate(string? used = null)
    {
        if (used is null || used == Token) Token = null;
    }
}
