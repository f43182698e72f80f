using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>
/// Synchronous paginated lists of items (bearer token), one endpoint per pagination style: offset, page number,
/// cursor and Link header. Every style filters on an updated_at window so incremental reads can be tested.
/// </summary>
internal sealed class ListsFamily(JobEndpoints jobs) : ISimulatorFamily
{
    public const int MaxPageSize = 1000;
    private const string Base = "/api/items";
    private static readonly ItemsSchema Schema = new();

    public string Name => SimFamily.Lists;

    public IReadOnlyList<string> Routes { get; } =
    [
        $"GET    {Base}/offset?offset=&limit=        {{\"items\",\"offset\",\"limit\",\"total\"}}",
        $"GET    {Base}/pages?page=&per_page=        {{\"results\",\"page\",\"per_page\",\"total_pages\",\"total\"}} (pages from 1)",
        $"GET    {Base}/cursor?cursor=&limit=        {{\"data\",\"next_cursor\"}} (null on the last page)",
        $"GET    {Base}/link?page=&per_page=         JSON array, Link: <...>; rel=\"next\"",
        $"       all (Bearer): updated_after= (inclusive), updated_before= (exclusive), page size <= {MaxPageSize}",
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Base + "/offset", (HttpContext http) => Serve(http, "limit", (window, size) =>
        {
            var offset = Number(http, "offset") ?? 0;
            return new Page(window.First + offset, Math.Clamp(window.Count - offset, 0, size), w =>
            {
                w.WriteNumber("offset", offset);
                w.WriteNumber("limit", size);
                w.WriteNumber("total", window.Count);
            }, "items");
        }));
        routes.MapGet(Base + "/pages", (HttpContext http) => Serve(http, "per_page", (window, size) =>
        {
            var page = Math.Max(1, Number(http, "page") ?? 1);
            var skip = (page - 1) * size;
            return new Page(window.First + skip, Math.Clamp(window.Count - skip, 0, size), w =>
            {
                w.WriteNumber("page", page);
                w.WriteNumber("per_page", size);
                w.WriteNumber("total_pages", (window.Count + size - 1) / size);
                w.WriteNumber("total", window.Count);
            }, "results");
        }));
        routes.MapGet(Base + "/cursor", (HttpContext http) => Serve(http, "limit", (window, size) =>
        {
            var start = DecodeCursor(http.Request.Query["cursor"].ToString()) ?? window.First;
            var count = Math.Clamp(window.End - start, 0, size);
            var next = start + count < window.End ? EncodeCursor(start + count) : null;
            return new Page(start, count, w => w.WriteString("next_cursor", next), "data");
        }));
        routes.MapGet(Base + "/link", (HttpContext http) => Serve(http, "per_page", (window, size) =>
        {
            var page = Math.Max(1, Number(http, "page") ?? 1);
            var skip = (page - 1) * size;
            var count = Math.Clamp(window.Count - skip, 0, size);
            if (skip + count < window.Count)
            {
                var query = http.Request.Query.Where(q => q.Key != "page")
                    .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
                    .Append($"page={page + 1}");
                http.Response.Headers.Link = $"<{SimulatorContext.BaseUrl(http.Request)}{Base}/link?{string.Join('&', query)}>; rel=\"next\"";
            }

            return new Page(window.First + skip, count, null, null);
        }));
    }

    public Dataset DatasetFor(IQueryCollection query, Knobs knobs) => new(Schema, jobs.Context.Options.Seed, "items", knobs.Rows);

    /// <summary>The window of rows that <c>/__expected?family=lists</c> covers.</summary>
    public static ListWindow WindowFor(IQueryCollection query, long rows) => ListWindow.Parse(query, rows);

    private async Task Serve(HttpContext http, string sizeParameter, Func<ListWindow, long, Page> pageOf)
    {
        var outcome = Prepare(http, sizeParameter, out var knobs, out var window, out var size);
        if (outcome is not null)
        {
            await outcome.ExecuteAsync(http);
            return;
        }

        Page page;
        try
        {
            page = pageOf(window, size);
        }
        catch (FormatException e)
        {
            await RequestGuard.BadRequest(e.Message).ExecuteAsync(http);
            return;
        }

        jobs.Context.Stats.ListServed();
        var dataset = new Dataset(Schema, jobs.Context.Options.Seed, "items", knobs!.Rows);
        await JsonRecords.WriteEnvelopeAsync(http, dataset, page.First, page.Count, jobs.Context.Stats, page.Envelope, page.ArrayProperty);
    }

    private IResult? Prepare(HttpContext http, string sizeParameter, out Knobs? knobs, out ListWindow window, out long size)
    {
        (knobs, window, size) = (null, default, 0);
        if (jobs.Guard.Authorize(http, Credential.Bearer) is { } denied) return denied;
        try
        {
            knobs = jobs.Context.KnobsFor(Name, http.Request);
            window = ListWindow.Parse(http.Request.Query, knobs.Rows);
            size = Number(http, sizeParameter) ?? 100;
        }
        catch (Exception e) when (e is KnobException or FormatException)
        {
            return RequestGuard.BadRequest(e.Message);
        }

        if (size is < 1 or > MaxPageSize) return RequestGuard.BadRequest($"{sizeParameter} must be within 1..{MaxPageSize}");
        return jobs.Guard.InjectFaults(http, knobs, SimOperation.List, jobs.Context.CountFamilyCall(Name, SimOperation.List));
    }

    private static long? Number(HttpContext http, string name)
    {
        var text = http.Request.Query[name].ToString();
        if (text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new FormatException($"{name} must be a non-negative integer");
    }

    // Cursors are opaque to clients; they happen to be base64url of "row:N".
    private static string EncodeCursor(long row) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("row:" + row.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static long? DecodeCursor(string cursor)
    {
        if (cursor.Length == 0) return null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("row:", StringComparison.Ordinal) && long.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var row)) return row;
        }
        catch (FormatException)
        {
        }

        throw new FormatException("cursor is not valid");
    }

    private sealed record Page(long First, long Count, Action<System.Text.Json.Utf8JsonWriter>? Envelope, string? ArrayProperty);
}
