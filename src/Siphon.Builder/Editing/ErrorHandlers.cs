using System.Globalization;
using Siphon.Components;

namespace Siphon.Builder.Editing;

/// <summary>
/// A requester's <c>error_handler</c> as its form shows it: a DefaultErrorHandler with its retries, one backoff
/// strategy and its response filters. Anything else (a composite handler, two strategies, keys the form has no field
/// for) stays in the YAML box, as written. Defaults, bounds and choices come from the engine's registry.
/// </summary>
public static class ErrorHandlers
{
    public const string Key = "error_handler", Handler = "DefaultErrorHandler", Filter = "HttpResponseFilter";

    /// <summary>The backoff strategies the form offers, each with the one field it shows.</summary>
    public static IReadOnlyDictionary<string, string> Backoffs { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ConstantBackoffStrategy"] = "backoff_time_in_seconds",
        ["ExponentialBackoffStrategy"] = "factor",
        ["WaitTimeFromHeader"] = "header",
        ["WaitUntilTimeFromHeader"] = "header",
    };

    /// <summary>The response filter fields the form shows, besides <c>action</c>.</summary>
    public static IReadOnlyList<string> FilterFields { get; } = ["http_codes", "error_message_contains", "predicate"];

    private static readonly string[] HandlerFields = ["type", "max_retries", "response_filters", "backoff_strategies"];

    public static IReadOnlyList<string> Actions => Spec(Filter, "action").AllowedValues;

    /// <summary>The registry's field, for its description, default and bounds.</summary>
    public static FieldSpec Spec(string type, string field) => RegistryFields.Spec(type, field);

    /// <summary>The field's description, with what an empty field means and the bounds the validator enforces.</summary>
    public static string Hint(string type, string field) => RegistryFields.Hint(type, field);

    public static Dictionary<string, object?>? Of(Dictionary<string, object?> requester) => requester.GetValueOrDefault(Key) as Dictionary<string, object?>;

    /// <summary>True when the form can show the requester's error handler without losing anything it says.</summary>
    public static bool CanShow(Dictionary<string, object?> requester)
    {
        if (!requester.TryGetValue(Key, out var value) || value is null) return true;
        if (value is not Dictionary<string, object?> handler || handler.GetValueOrDefault("type") is not (null or Handler)) return false;
        if (handler.Keys.Any(k => !HandlerFields.Contains(k)) || !IsScalar(handler.GetValueOrDefault("max_retries"))) return false;
        var strategies = handler.GetValueOrDefault("backoff_strategies");
        if (strategies is not null && !(strategies is List<object?> { Count: <= 1 } list && list.All(FitsBackoff))) return false;
        var filters = handler.GetValueOrDefault("response_filters");
        return filters is null || filters is List<object?> rows && rows.All(FitsFilter);
    }

    private static bool FitsBackoff(object? value) =>
        value is Dictionary<string, object?> node && node.GetValueOrDefault("type") is string type && Backoffs.TryGetValue(type, out var field)
        && node.All(p => p.Key == "type" || p.Key == field && IsScalar(p.Value));

    private static bool FitsFilter(object? value) =>
        value is Dictionary<string, object?> node && node.GetValueOrDefault("type") is null or Filter
        && node.All(p => p.Key switch
        {
            "type" => true,
            "action" => p.Value is string action && Actions.Contains(action),
            "http_codes" => p.Value is List<object?> codes && codes.All(c => c is long or int),
            "error_message_contains" or "predicate" => p.Value is string,
            _ => false,
        });

    private static bool IsScalar(object? value) => value is null or string or long or int or double;

    public static string MaxRetries(Dictionary<string, object?> requester) => Text(Of(requester)?.GetValueOrDefault("max_retries"));

    public static void SetMaxRetries(Dictionary<string, object?> requester, string text) => Change(requester, handler => SetNumber(handler, "max_retries", text));

    public static string Backoff(Dictionary<string, object?> requester) => Strategy(requester)?.GetValueOrDefault("type") as string ?? "";

    public static string BackoffValue(Dictionary<string, object?> requester) =>
        Strategy(requester) is { } strategy && Backoffs.TryGetValue(Backoff(requester), out var field) ? Text(strategy.GetValueOrDefault(field)) : "";

    /// <summary>Chooses the strategy (empty: the engine's default backoff); a new one starts from the registry's default, if any.</summary>
    public static void SetBackoff(Dictionary<string, object?> requester, string type) => Change(requester, handler =>
    {
        if (type.Length == 0 || !Backoffs.TryGetValue(type, out var field))
        {
            handler.Remove("backoff_strategies");
            return;
        }
        if (Backoff(requester) == type) return;
        var strategy = ManifestModel.Obj(("type", type));
        if (Spec(type, field).Default is { } value) strategy[field] = value;
        else if (type == "WaitTimeFromHeader") strategy[field] = "Retry-After";
        handler["backoff_strategies"] = new List<object?> { strategy };
    });

    public static void SetBackoffValue(Dictionary<string, object?> requester, string text) => Change(requester, _ =>
    {
        if (Strategy(requester) is { } strategy && Backoffs.TryGetValue(Backoff(requester), out var field)) SetNumber(strategy, field, text);
    });

    public static IReadOnlyList<Dictionary<string, object?>> Filters(Dictionary<string, object?> requester) =>
        Of(requester)?.GetValueOrDefault("response_filters") is List<object?> list ? [.. list.OfType<Dictionary<string, object?>>()] : [];

    /// <summary>A new filter, last (the first match decides); it has no action until one is chosen.</summary>
    public static void AddFilter(Dictionary<string, object?> requester) => Change(requester, handler =>
    {
        if (handler.GetValueOrDefault("response_filters") is not List<object?> list) handler["response_filters"] = list = [];
        list.Add(ManifestModel.Obj(("type", Filter)));
    });

    public static void RemoveFilter(Dictionary<string, object?> requester, int index) => Change(requester, handler =>
    {
        if (handler.GetValueOrDefault("response_filters") is not List<object?> list || index >= list.Count) return;
        list.RemoveAt(index);
        if (list.Count == 0) handler.Remove("response_filters");
    });

    public static string FilterValue(Dictionary<string, object?> filter, string field) => filter.GetValueOrDefault(field) switch
    {
        List<object?> codes => string.Join(", ", codes.Select(Text)),
        var value => Text(value),
    };

    /// <summary>Writes one field of filter <paramref name="index"/>; returns why the text was refused (codes that are not numbers), else null.</summary>
    public static string? SetFilterValue(Dictionary<string, object?> requester, int index, string field, string text)
    {
        text = text.Trim();
        object? value = text.Length == 0 ? null : text;
        if (field == "http_codes" && text.Length > 0)
        {
            var codes = new List<object?>();
            foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!long.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
                    return $"'{word}' is not an HTTP status code: write codes such as 429, 503";
                codes.Add(code);
            }
            value = codes;
        }
        Change(requester, handler =>
        {
            if (handler.GetValueOrDefault("response_filters") is not List<object?> list || index >= list.Count || list[index] is not Dictionary<string, object?> filter) return;
            if (value is null) filter.Remove(field);
            else filter[field] = value;
        });
        return null;
    }

    private static Dictionary<string, object?>? Strategy(Dictionary<string, object?> requester) =>
        Of(requester)?.GetValueOrDefault("backoff_strategies") is List<object?> { Count: > 0 } list ? list[0] as Dictionary<string, object?> : null;

    // The handler is created by the first change and goes when nothing but its type is left.
    private static void Change(Dictionary<string, object?> requester, Action<Dictionary<string, object?>> change)
    {
        if (Of(requester) is not { } handler) requester[Key] = handler = ManifestModel.Obj(("type", Handler));
        change(handler);
        if (handler.Count == 1 && handler.ContainsKey("type")) requester.Remove(Key);
    }

    private static void SetNumber(Dictionary<string, object?> node, string field, string text)
    {
        text = text.Trim();
        if (text.Length == 0) node.Remove(field);
        else if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)) node[field] = whole;
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) node[field] = number;
        else node[field] = text;
    }

    private static string Text(object? value) => RegistryFields.Text(value);
}
