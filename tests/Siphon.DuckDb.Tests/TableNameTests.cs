using static Siphon.DuckDb.Tests.DuckDbFixture;

namespace Siphon.DuckDb.Tests;

public sealed class TableNameTests : IDisposable
{
    private readonly DuckDbFixture _db = new();
    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("users", "users")]
    [InlineData("Contacts Export", "contacts_export")]
    [InlineData("my-stream.v2", "my_stream_v2")]
    [InlineData("Café Crème", "caf_cr_me")]
    [InlineData("2024_reports", "_2024_reports")]
    [InlineData("_siphon_state", "siphon_state")]
    [InlineData("a\"; DROP TABLE x; --", "a_drop_table_x")]
    [InlineData("日本", "_stream")]
    [InlineData("", "_stream")]
    public void TableName_StreamName_IsSanitised(string stream, string table) => Assert.Equal(table, SqlNames.TableName(stream));

    [Fact]
    public async Task BeginStreamAsync_HostileStreamName_WritesToSanitisedTableAndKeepsNameInState()
    {
        const string stream = "Orders \"EU\"; DROP TABLE _siphon_state; --";
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec(stream, Json("""{"type":"object","properties":{"id":{"type":"integer"}}}"""), []), fullRefresh: false);
            await destination.WriteAsync(stream, Record(("id", 1L)));
            await destination.CheckpointAsync(stream, Record(("ok", true)));
            Assert.Equal("orders_eu_drop_table_siphon_state", destination.Statistics.Single().Table);
        }

        Assert.Equal(1L, _db.Count("SELECT count(*) FROM orders_eu_drop_table_siphon_state"));
        Assert.Equal(stream, _db.Scalar("SELECT stream FROM _siphon_state"));
    }

    [Fact]
    public async Task BeginStreamAsync_TwoStreamsOnOneTable_Throws()
    {
        await using var destination = await _db.OpenAsync();
        await destination.BeginStreamAsync(new StreamSpec("Users", null, []), fullRefresh: false);
        var error = await Assert.ThrowsAsync<DuckDbDestinationException>(() => destination.BeginStreamAsync(new StreamSpec("users!", null, []), fullRefresh: false));
        Assert.Contains("table 'users'", error.Message);
        await Assert.ThrowsAsync<DuckDbDestinationException>(() => destination.BeginStreamAsync(new StreamSpec("Users", null, []), fullRefresh: false));
    }

    [Fact]
    public async Task BeginStreamAsync_NoSchema_StoresWholeRecordInExtra()
    {
        await using (var destination = await _db.OpenAsync())
        {
            await destination.BeginStreamAsync(new StreamSpec("raw", null, []), fullRefresh: false);
            await destination.WriteAsync("raw", Record(("a", 1L), ("b", Json("""{"c":[true]}"""))));
            await destination.CompleteStreamAsync("raw");
        }

        Assert.Equal("""{"a":1,"b":{"c":[true]}}""", _db.Scalar("SELECT CAST(_siphon_extra AS VARCHAR) FROM raw"));
    }
}
