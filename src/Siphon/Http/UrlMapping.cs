namespace Siphon.Http;

/// <summary>
/// Sends requests for URLs under <see cref="From"/> to the same path under <see cref="To"/> (the CLI's
/// <c>--map-url FROM=TO</c>): a manifest that names <c>https://api.sendgrid.com</c> runs unchanged against a simulator
/// or a recording proxy. Prefixes compare scheme and host case-insensitively and the path case-sensitively, on whole
/// path segments (<c>https://a.com/v3</c> maps <c>/v3/x</c>, not <c>/v30</c>).
/// </summary>
public sealed record UrlMapping
{
    public UrlMapping(string from, string to)
    {
        From = Normalize(from, nameof(from));
        To = Normalize(to, nameof(to));
    }

    /// <summary>The absolute URL prefix to replace, without a trailing slash.</summary>
    public string From { get; }

    /// <summary>The absolute URL prefix it becomes, without a trailing slash.</summary>
    public string To { get; }

    /// <summary>Reads <c>FROM=TO</c>, as the CLI flag takes it.</summary>
    public static UrlMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = text.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0 || split == text.Length - 1)
            throw new FormatException($"a URL mapping is FROM=TO (two absolute URLs), not '{text}'");
        return new UrlMapping(text[..split].Trim(), text[(split + 1)..].Trim());
    }

    /// <summary>The mapped URL, or null when <paramref name="url"/> is not under <see cref="From"/>.</summary>
    public Uri? Apply(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.AbsoluteUri;
        if (!text.StartsWith(From, StringComparison.OrdinalIgnoreCase)) return null;
        var prefixPath = new Uri(From).AbsolutePath.TrimEnd('/');
        if (!url.AbsolutePath.StartsWith(prefixPath, StringComparison.Ordinal)) return null;
        var rest = text[From.Length..];
        if (rest.Length > 0 && rest[0] is not ('/' or '?' or '#')) return null;
        return new Uri(To + rest);
    }

    /// <summary>The first mapping that applies, or the URL unchanged.</summary>
    public static Uri Map(IReadOnlyList<UrlMapping> mappings, Uri url)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        foreach (var mapping in mappings)
            if (mapping.Apply(url) is { } mapped) return mapped;
        return url;
    }

    public override string ToString() => $"{From}={To}";

    private static string Normalize(string url, string name)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"URL mapping {name} must be an absolute http(s) URL, not '{url}'");
        return parsed.AbsoluteUri.TrimEnd('/');
    }
}

/// <summary>Rewrites each request's URL by the session's <see cref="UrlMapping"/>s before it reaches the network.</summary>
internal sealed class UrlMappingHandler(IReadOnlyList<UrlMapping> mappings, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } url) request.RequestUri = UrlMapping.Map(mappings, url);
        return base.SendAsync(request, cancellationToken);
    }
}
