namespace Siphon.Http;

/// <summary>
/// A URL as errors and run events show it: scheme, host, path and the query, with the values of parameters that carry
/// credentials masked (a presigned download URL's signature, an access token or key in the query), so a URL the config's
/// secrets do not cover (signed by the provider) is still safe to print.
/// </summary>
internal static class UrlCredentials
{
    private static readonly HashSet<string> CredentialParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "sig", "signature", "token", "access_token", "id_token", "refresh_token", "api_key", "apikey", "key", "secret", "client_secret",
        "password", "passwd", "auth", "credential", "credentials", "session", "sessionid",
        "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature", "x-goog-credential",
    };

    public static string Mask(Uri? uri)
    {
        if (uri is null) return "";
        var text = uri.ToString();
        if (!uri.IsAbsoluteUri || uri.Query.Length <= 1) return text;
        var query = text.IndexOf('?', StringComparison.Ordinal);
        if (query < 0) return text;
        var fragment = text.IndexOf('#', query);
        var end = fragment < 0 ? text.Length : fragment;
        var pairs = text[(query + 1)..end].Split('&');
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && CredentialParameters.Contains(Uri.UnescapeDataString(pairs[i][..equals])))
                pairs[i] = pairs[i][..(equals + 1)] + SecretRedactor.Mask;
        }
        return text[..(query + 1)] + string.Join('&', pairs) + text[end..];
    }
}
