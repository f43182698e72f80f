using System.Text.RegularExpressions;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Tests.RealManifests;

/// <summary>
/// A sample scope for rendering a real manifest's templates: a config holding every key the manifest's templates read
/// (typed from its spec when it has one, else from the key's name), and plausible values for every other variable a
/// step may see (slice, record, responses, job responses).
/// </summary>
internal static partial class SampleScope
{
    public static TemplateScope For(string manifestText, Dictionary<string, object?>? specProperties)
    {
        var config = JsonValues.NewObject();
        foreach (Match match in ConfigKey().Matches(manifestText))
        {
            var key = match.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value;
            config[key] = Sample(key, specProperties?.GetValueOrDefault(key) as Dictionary<string, object?>);
        }
        var job = Json("""{"id":"job-1","job_id":"job-1","reportId":"r-1","ReportRequestId":"rr-1","DownloadRequestId":"d-1","reportDocumentId":"doc-1","status":"ready","data":{"id":"seg-1","type":"analyticsReportSegments"},"headers":{},"request":{"url":"https://x","method":"POST","headers":{"Amazon-Advertising-API-Scope":"42"}}}""");
        var slice = new StreamSliceValue(
            Json("""{"profileId":42,"account_id":7,"segment_id":"seg-1","id":"p-1","request_id":"req-1","parent_slice":{"id":1,"instance_id":"i-1","parent_slice":{"report_id":"r-1","parent_slice":{"parent_slice":{"app_id":"a-1"}}}}}"""),
            Json("""{"start_time":"2024-01-01T00:00:00Z","end_time":"2024-01-31T00:00:00Z"}"""),
            Json("""{"ParentCustomerId":11,"app_id":"a-1","access_type":"ONGOING","timezone":"America/Los_Angeles","url":"https://x/file","profileId":42}""")
                .Concat([new KeyValuePair<string, object?>("create_job_response", job), new("polling_job_response", job), new("polling_response", job), new("creation_response", job)])
                .ToDictionary(p => p.Key, p => p.Value));
        var variables = new Dictionary<string, object?>
        {
            ["config"] = config,
            ["parameters"] = Json("""{"name":"stream","resource":"/data/v1/objects/company","report_type":"GET_X","stream_name":"stream"}"""),
            ["stream_slice"] = slice,
            ["record"] = Json("""{"id":1,"TimePeriod":"2024-01-02|5","Date":"2024-01-02","attributes":{"url":"https://x"},"Modified Time":"2024-01-02T00:00:00.000+00:00","AccountId":7}"""),
            ["response"] = Json("""{"details":"","message":"","code":"","errors":[],"_metadata":{"next":"https://x?page=2"},"links":{"next":"https://x?cursor=2"}}"""),
            ["headers"] = JsonValues.NewObject(),
            ["next_page_token"] = Json("""{"next_page_token":"2"}"""),
            ["creation_response"] = job,
            ["polling_response"] = job,
            ["download_target"] = "https://x/file",
            ["last_record"] = Json("""{"id":1}"""),
            ["last_page_size"] = 0L,
            ["value"] = "v",
            ["path"] = new List<object?> { "p" },
        };
        return new TemplateScope(variables, new Templates.FixedTime(Templates.TemplateFixture.Now));
    }

    private static object? Sample(string key, Dictionary<string, object?>? spec)
    {
        if (spec?.GetValueOrDefault("default") is { } fallback) return fallback;
        if (spec?.GetValueOrDefault("examples") is List<object?> { Count: > 0 } examples) return examples[0];
        var type = spec?.GetValueOrDefault("type") as string;
        return type switch
        {
            "integer" => 3L,
            "number" => 3.0,
            "boolean" => true,
            "array" => new List<object?> { "a" },
            "object" => JsonValues.NewObject(),
            _ when key.Contains("date", StringComparison.OrdinalIgnoreCase) => "2024-01-01T00:00:00Z",
            _ when key.Contains("days", StringComparison.OrdinalIgnoreCase) || key.Contains("window", StringComparison.OrdinalIgnoreCase) => 3L,
            _ when key == "region" => "NA",
            _ => "x",
        };
    }

    private static Dictionary<string, object?> Json(string json) => (Dictionary<string, object?>)JsonValues.Parse(json)!;

    [GeneratedRegex("""config\[\s*['"]([A-Za-z0-9_]+)['"]\s*\]|config\.get\(\s*['"]([A-Za-z0-9_]+)['"]|config\.([A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex ConfigKey();
}
