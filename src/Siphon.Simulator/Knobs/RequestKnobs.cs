using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>
/// Reads a request's knob overrides: the <c>X-Sim-Knobs</c> header (a JSON object), the <c>sim-knobs</c> query
/// parameter (same), and single <c>sim.name=value</c> query parameters; later sources win.
/// </summary>
internal static class RequestKnobs
{
    public const string Header = "X-Sim-Knobs";
    public const string QueryJson = "sim-knobs";
    public const string QueryPrefix = "sim.";

    public static JsonObject? Read(HttpRequest request)
    {
        JsonObject? result = null;
        if (request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrWhiteSpace(header))
        {
            result = KnobJson.ParseOverrides(header.ToString());
        }

        if (request.Query.TryGetValue(QueryJson, out var json) && !string.IsNullOrWhiteSpace(json))
        {
            result = Merge(result, KnobJson.ParseOverrides(json.ToString()));
        }

        foreach (var (key, value) in request.Query)
        {
            if (key.StartsWith(QueryPrefix, StringComparison.Ordinal))
            {
                result ??= [];
                result[key[QueryPrefix.Length..]] = Scalar(value.ToString());
            }
        }

        return result;
    }

    private static JsonObject Merge(JsonObject? first, JsonObject second)
    {
        first ??= [];
        foreach (var (k, v) in second)
        {
            first[k] = v?.DeepClone();
        }

        return first;
    }

    // A query string has no types: numbers and booleans are recognised so that sim.rows=10 means the number 10.
    private static JsonNode Scalar(string text) =>
        bool.TryParse(text, out var b) ? JsonValue.Create(b)
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l)
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d)
        : JsonValue.Create(text);
}
