using System.Text.RegularExpressions;
using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>Which requests a call-rate policy counts: by method, URL base, a regex searched in the path, parameters, headers.</summary>
internal sealed class HttpRequestRegexMatcher(string? method, string? urlBase, Regex? pathPattern, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> headers)
{
    public static readonly ComponentSpec Spec = new("HttpRequestRegexMatcher", ComponentKind.RequestMatcher,
        "Matches requests by method, URL base, a regular expression searched in the path, query parameters and headers.",
        [
            Field.String("method", "HTTP method (any when absent)."),
            Field.String("url_base", "Scheme and host the URL must start with."),
            Field.String("url_path_pattern", "Regular expression searched in the URL's path (from its leading '/', without the query or a trailing '/')."),
            Field.Any("params", "Query parameters the request must carry, with these values."),
            Field.Any("headers", "Headers the request must carry, with these values."),
            Field.NotRun("weight", "How many calls one matching request counts for.", "every request counts as one call"),
        ])
    {
        Factory = (node, _) => new HttpRequestRegexMatcher(node.Text("method")?.ToUpperInvariant(), node.Text("url_base")?.TrimEnd('/'),
            node.Text("url_path_pattern") is { } pattern ? new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)) : null,
            Strings(node.Value("params")?.ToValue()), Strings(node.Value("headers")?.ToValue())),
        Example = "type: HttpRequestRegexMatcher\nmethod: GET\nurl_path_pattern: \"orders/v0/orders(\\\\?.*)?$\"\n",
    };

    public bool Matches(HttpRequestMessage request)
    {
        var url = request.RequestUri!;
        if (method is not null && !request.Method.Method.Equals(method, StringComparison.OrdinalIgnoreCase)) return false;
        if (urlBase is not null && !url.GetLeftPart(UriPartial.Authority).Equals(urlBase, StringComparison.OrdinalIgnoreCase)
            && !url.AbsoluteUri.StartsWith(urlBase, StringComparison.OrdinalIgnoreCase)) return false;
        // As the reference: searched in the path as it is (with its leading '/'), without the query or a trailing '/'.
        if (pathPattern is not null && !pathPattern.IsMatch(url.AbsolutePath.TrimEnd('/'))) return false;
        if (parameters.Count > 0)
        {
            var query = System.Web.HttpUtility.ParseQueryString(url.Query);
            if (parameters.Any(p => query[p.Key] != p.Value)) return false;
        }
        return headers.All(h => request.Headers.TryGetValues(h.Key, out var values) && values.Contains(h.Value));
    }

    private static Dictionary<string, string> Strings(object? value) =>
        (value as Dictionary<string, object?>)?.ToDictionary(p => p.Key, p => Values.PythonText.Str(p.Value), StringComparer.Ordinal) ?? [];
}
