using System.Text.Json;
using Siphon.Values;

namespace Siphon.Builder.Editing;

/// <summary>One stream of the manifest as the forms see it: each property reads and writes the manifest keys it stands for.</summary>
public sealed class StreamModel(ManifestModel manifest, Dictionary<string, object?> node)
{
    public ManifestModel Manifest { get; } = manifest;
    public Dictionary<string, object?> Node { get; } = node;

    public string Name => ValuePath.Text(Node, "name") ?? ValuePath.Text(Manifest.Follow(Node), "name") ?? "";
    public int Index => Manifest.StreamList.IndexOf(Node);

    /// <summary>The retriever, created when absent: for writes. Reads use <see cref="CurrentRetriever"/>, which changes nothing.</summary>
    public Dictionary<string, object?> Retriever => ValuePath.Object(Node, "retriever");

    /// <summary>The retriever as it is (an empty one when there is none), for reading without touching the manifest.</summary>
    public Dictionary<string, object?> CurrentRetriever => Node.GetValueOrDefault("retriever") as Dictionary<string, object?> ?? ManifestModel.Empty();

    public bool IsAsync => ValuePath.Text(Manifest.Follow(ValuePath.Get(Manifest.Follow(Node), "retriever")), "type") == "AsyncRetriever";

    /// <summary>
    /// The reference the stream or its retriever is written as (<c>$ref</c>), or null: the forms edit what a stream
    /// writes itself, so a stream defined by reference is edited as YAML (a form would override the shared definition).
    /// </summary>
    public string? Reference => ValuePath.Text(Node, "$ref") ?? ValuePath.Text(Node, "retriever", "$ref") ?? (Node.GetValueOrDefault("retriever") as string);

    /// <summary>A requester, created (with its type) when absent: for writes.</summary>
    public Dictionary<string, object?> Requester(string key)
    {
        var requester = ValuePath.Object(Retriever, key);
        requester.TryAdd("type", "HttpRequester");
        return requester;
    }

    /// <summary>A requester as it is (an empty one when there is none), for reading without touching the manifest.</summary>
    public Dictionary<string, object?> CurrentRequester(string key) => CurrentRetriever.GetValueOrDefault(key) as Dictionary<string, object?> ?? ManifestModel.Empty();

    /// <summary>The URL as the author writes it: a path (joined to the global base URL) or a full URL.</summary>
    public static string GetUrl(Dictionary<string, object?> requester) =>
        ValuePath.Text(requester, "url_base") == ManifestModel.BaseUrlRef
            ? ValuePath.Text(requester, "path") ?? ""
            : ValuePath.Text(requester, "url") ?? (ValuePath.Text(requester, "url_base") ?? "") + (ValuePath.Text(requester, "path") ?? "");

    public static void SetUrl(Dictionary<string, object?> requester, string? value)
    {
        value ??= "";
        requester.Remove("url");
        requester.Remove("url_base");
        requester.Remove("path");
        if (value.StartsWith('/'))
        {
            requester["url_base"] = ManifestModel.BaseUrlRef;
            requester["path"] = value;
        }
        else if (value.Length > 0) requester["url"] = value;
    }

    /// <summary>The methods a requester may use, as the registry allows them.</summary>
    public static IReadOnlyList<string> Methods => RegistryFields.Spec("HttpRequester", "http_method").AllowedValues;

    /// <summary>The requester's method; when absent, the registry's default, which is what the engine sends.</summary>
    public static string Method(Dictionary<string, object?> requester) =>
        ValuePath.Text(requester, "http_method") ?? RegistryFields.DefaultText(RegistryFields.Spec("HttpRequester", "http_method"));

    public static Dictionary<string, string> Pairs(Dictionary<string, object?> requester, string key) =>
        ValuePath.Get(requester, key) is Dictionary<string, object?> map
            ? map.ToDictionary(p => p.Key, p => p.Value switch { string s => s, var v => JsonValues.ToJson(v) }, StringComparer.Ordinal)
            : [];

    public static void SetPairs(Dictionary<string, object?> requester, string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = JsonValues.NewObject();
        foreach (var (k, v) in pairs)
            if (!string.IsNullOrWhiteSpace(k)) map[k.Trim()] = v;
        if (map.Count == 0) requester.Remove(key);
        else requester[key] = map;
    }

    /// <summary>The request body as text: JSON for <c>request_body_json</c>, or the raw <c>request_body_data</c>.</summary>
    public static string Body(Dictionary<string, object?> requester) =>
        requester.TryGetValue("request_body_json", out var json) && json is not null
            ? (json is string s ? s : JsonValues.ToJson(json, indented: true))
            : ValuePath.Text(requester, "request_body_data") ?? "";

    /// <summary>Whether the body is sent as it is written (<c>request_body_data</c>) rather than as a JSON object.</summary>
    public static bool RawBody(Dictionary<string, object?> requester) =>
        requester.GetValueOrDefault("request_body_data") is not null && requester.GetValueOrDefault("request_body_json") is null;

    /// <summary>
    /// Sets the body: raw text as <c>request_body_data</c>, else a JSON object as <c>request_body_json</c>. Answers why
    /// JSON text is refused (with its line and column), leaving the requester unchanged: sending a mistyped JSON body as
    /// raw text, without a Content-Type, fails far from the typo.
    /// </summary>
    public static string? SetBody(Dictionary<string, object?> requester, string? text, bool raw)
    {
        if (!raw && !string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    return $"the JSON body must be an object ({{...}}), not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; switch on Raw text to send other text as it is";
            }
            catch (JsonException e)
            {
                var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
                return $"not valid JSON{where}; fix it, or switch on Raw text to send it as it is";
            }
        }
        requester.Remove("request_body_json");
        requester.Remove("request_body_data");
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (raw) requester["request_body_data"] = text;
        else requester["request_body_json"] = JsonValues.Parse(text);
        return null;
    }

    public string FieldPath(params string[] keys) => ValuePath.FieldPathText(ValuePath.Get(CurrentRetriever, keys));

    public void SetFieldPath(string text, params string[] keys)
    {
        var extractor = ValuePath.Object(Retriever, keys[..^1]);
        extractor.TryAdd("type", "DpathExtractor");
        extractor[keys[^1]] = ValuePath.FieldPath(text);
    }

    /// <summary>The statuses a status mapping may list values under: the engine's AsyncJobStatusMap fields.</summary>
    public static IReadOnlyList<string> Statuses => [.. RegistryFields.Fields("AsyncJobStatusMap").Select(f => f.Name)];

    /// <summary>What an empty Polling Job Timeout means and its bounds, from the registry.</summary>
    public static string PollingJobTimeoutHint => RegistryFields.Hint(RegistryFields.Spec("AsyncRetriever", "polling_job_timeout"), "Minutes");

    public string StatusValues(string status) => ValuePath.FieldPathText(ValuePath.Get(CurrentRetriever, "status_mapping", status));

    public void SetStatusValues(string status, string text)
    {
        var mapping = ValuePath.Object(Retriever, "status_mapping");
        mapping.TryAdd("type", "AsyncJobStatusMap");
        var values = ValuePath.Words(text);
        if (values.Count == 0 && status == "skipped") mapping.Remove(status);
        else mapping[status] = values;
    }

    public string PrimaryKey => Node.TryGetValue("primary_key", out var pk) ? ValuePath.FieldPathText(pk) : "";

    public void SetPrimaryKey(string text)
    {
        var keys = ValuePath.Words(text);
        Node["primary_key"] = keys.Count == 1 ? keys[0] : keys;
    }

    public string RecordFilter => ValuePath.Text(CurrentRetriever, "record_selector", "record_filter", "condition") ?? "";

    public void SetRecordFilter(string text)
    {
        var selector = ValuePath.Object(Retriever, "record_selector");
        if (string.IsNullOrWhiteSpace(text)) selector.Remove("record_filter");
        else selector["record_filter"] = ManifestModel.Obj(("type", "RecordFilter"), ("condition", text));
    }

    public string PollingJobTimeout => ValuePath.Text(CurrentRetriever, "polling_job_timeout") ?? "";

    public void SetPollingJobTimeout(string text) =>
        ValuePath.Set(Retriever, ["polling_job_timeout"], long.TryParse(text, out var minutes) ? minutes : text);

    public Dictionary<string, object?>? Schema => ValuePath.Get(Node, "schema_loader", "schema") as Dictionary<string, object?>;

    public void SetSchema(Dictionary<string, object?> schema)
    {
        var loader = ValuePath.Object(Node, "schema_loader");
        loader["type"] = "InlineSchemaLoader";
        loader["schema"] = schema;
    }
}
