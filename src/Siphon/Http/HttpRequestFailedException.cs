using System.Text.RegularExpressions;
using Siphon.Http.ErrorHandling;

namespace Siphon.Http;

/// <summary>
/// A request the error handler gave up on. The message names the step, method, URL (redacted), status and a short
/// body excerpt: <c>poll job 7f3a: GET https://api.example.com/v3/exports/7f3a returned 403 Forbidden: "token expired"</c>.
/// </summary>
public sealed class HttpRequestFailedException(string message, string step, string method, string url, int? status,
    string? bodyExcerpt, FailureType failureType, int attempts, Exception? inner = null) : Exception(message, inner)
{
    public string Step { get; } = step;
    public string Method { get; } = method;
    public string Url { get; } = url;
    public int? Status { get; } = status;
    public string? BodyExcerpt { get; } = bodyExcerpt;
    public FailureType FailureType { get; } = failureType;
    public int Attempts { get; } = attempts;
}

internal static partial class HttpFailures
{
    private static readonly string[] MessageKeys = ["message", "error_description", "error_message", "detail", "error", "title", "errors"];

    /// <summary>The error message an API put in its body (a JSON "message", "error", ...), else the body's first characters.</summary>
    public static string Excerpt(string body, int length)
    {
        string? message = null;
        var trimmed = body.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try { message = FindMessage(Values.JsonValues.Parse(trimmed)); }
            catch (System.Text.Json.JsonException) { }
        }
        message ??= body;
        message = Whitespace().Replace(message, " ").Trim();
        return message.Length <= length ? message : message[..length] + "…";
    }

    private static string? FindMessage(object? value) => value switch
    {
        string s when s.Length > 0 => s,
        IReadOnlyDictionary<string, object?> map => MessageKeys.Select(k => map.TryGetValue(k, out var v) ? FindMessage(v) : null).FirstOrDefault(m => m is not null),
        List<object?> { Count: > 0 } list => FindMessage(list[0]),
        _ => null,
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
