using System.Net;
using System.Text.Json;

namespace Siphon.Simulator.Tests;

public sealed class ListsTests
{
    private const string Window = "updated_after=2024-01-02T00:00:00Z&updated_before=2024-01-05T12:30:00Z";

    [Fact]
    public async Task Offset_PagesThroughWindow_MatchesExpected()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 500 } });
        using var client = new SimClient(sim);

        var records = new List<KeyValuePair<string, string?>[]>();
        for (var offset = 0; ; offset += 20)
        {
            var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, $"api/items/offset?offset={offset}&limit=20&{Window}"));
            var items = json.GetProperty("items").EnumerateArray().ToList();
            records.AddRange(Records.FromJson(items));
            if (items.Count < 20) break;
        }

        await AssertWindowAsync(client, records);
    }

    [Fact]
    public async Task Pages_PageNumbers_MatchExpected()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 500 } });
        using var client = new SimClient(sim);

        var records = new List<KeyValuePair<string, string?>[]>();
        var totalPages = int.MaxValue;
        for (var page = 1; page <= totalPages; page++)
        {
            var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, $"api/items/pages?page={page}&per_page=25&{Window}"));
            totalPages = json.GetProperty("total_pages").GetInt32();
            records.AddRange(Records.FromJson(json.GetProperty("results").EnumerateArray()));
        }

        await AssertWindowAsync(client, records);
    }

    [Fact]
    public async Task Cursor_FollowsNextCursorUntilNull_MatchesExpected()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 500 } });
        using var client = new SimClient(sim);

        var records = new List<KeyValuePair<string, string?>[]>();
        string? cursor = null;
        do
        {
            var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, $"api/items/cursor?limit=30&{Window}" + (cursor is null ? "" : "&cursor=" + cursor)));
            records.AddRange(Records.FromJson(json.GetProperty("data").EnumerateArray()));
            cursor = json.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : json.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        await AssertWindowAsync(client, records);
    }

    [Fact]
    public async Task Link_FollowsRelNext_MatchesExpected()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Knobs = new() { Rows = 500 } });
        using var client = new SimClient(sim);

        var records = new List<KeyValuePair<string, string?>[]>();
        string? next = $"api/items/link?per_page=40&{Window}";
        while (next is not null)
        {
            using var response = await client.SendAsync(client.Bearer(HttpMethod.Get, next));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            records.AddRange(Records.FromJson(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()));
            next = response.Headers.TryGetValues("Link", out var links)
                ? links.Single().Split(';')[0].Trim('<', '>', ' ')
                : null;
        }

        await AssertWindowAsync(client, records);
    }

    [Fact]
    public async Task Window_BoundsAreInclusiveAfterExclusiveBefore()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        var json = await client.JsonAsync(client.Bearer(HttpMethod.Get, "api/items/offset?updated_after=2024-01-01T02:00:00Z&updated_before=2024-01-01T05:00:00Z"));

        var stamps = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("updated_at").GetString()!).ToArray();
        Assert.Equal(["2024-01-01T02:00:00Z", "2024-01-01T03:00:00Z", "2024-01-01T04:00:00Z"], stamps);
    }

    [Fact]
    public async Task List_BadParameters_Return400()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimClient(sim);

        await client.JsonAsync(client.Bearer(HttpMethod.Get, "api/items/offset?limit=5000"), HttpStatusCode.BadRequest);
        await client.JsonAsync(client.Bearer(HttpMethod.Get, "api/items/cursor?cursor=%21%21"), HttpStatusCode.BadRequest);
        await client.JsonAsync(client.Bearer(HttpMethod.Get, "api/items/pages?updated_after=yesterday"), HttpStatusCode.BadRequest);
    }

    private static async Task AssertWindowAsync(SimClient client, List<KeyValuePair<string, string?>[]> records)
    {
        var received = Records.Checksum(records);
        var expected = await client.ExpectedAsync("family=lists&sim.rows=500&" + Window);
        Assert.Equal(85, expected.Records); // 2024-01-02T00:00 .. 2024-01-05T12:00 hourly = 3.5 days + 1
        Assert.Equal(expected, new ExpectedRecords(received.Count, received.Checksum));
        Assert.All(records, r => Assert.InRange(r.Single(f => f.Key == "updated_at").Value!, "2024-01-02T00:00:00Z", "2024-01-05T12:00:00Z"));
    }
}
