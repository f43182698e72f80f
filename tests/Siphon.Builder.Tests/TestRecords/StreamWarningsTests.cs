using System.Text.Json;
using Siphon.Builder.TestRecords;
using Siphon.Testing;

namespace Siphon.Builder.Tests.TestRecords;

public sealed class StreamWarningsTests
{
    [Fact]
    public void Of_NoRecord_IsUntestedOnly()
    {
        Assert.Equal([StreamWarnings.Untested], StreamWarnings.Of(null, "h").Select(w => w.Kind));
    }

    [Fact]
    public void Of_RecordsWithMissingAndRepeatedKeys_CountsEachOnce_AndAnOlderHashIsChanged()
    {
        var record = StreamTestRecord.Of(Result(200, """{"id": 1}""", """{"id": 1}""", """{"name": "x"}""", """{"id": null}""", """{"id": 2}"""), "old", [["id"]]);

        var kinds = StreamWarnings.Of(record, "new").Select(w => w.Kind).ToList();

        Assert.Equal(2, record.PrimaryKeyMissing);
        Assert.Equal(1, record.PrimaryKeyDuplicated);
        Assert.Equal([StreamWarnings.Changed, StreamWarnings.PrimaryKeyMissing, StreamWarnings.PrimaryKeyDuplicated], kinds);
    }

    [Fact]
    public void Of_ErrorResponseWithoutRecords_IsNonSuccessAndNoRecords()
    {
        var kinds = StreamWarnings.Of(StreamTestRecord.Of(Result(404), "h", [["id"]]), "h").Select(w => w.Kind).ToList();

        Assert.Equal([StreamWarnings.NonSuccess, StreamWarnings.NoRecords], kinds);
    }

    [Fact]
    public void Of_NoPageAnswered_IsNoResponse()
    {
        var result = new StreamReadResult { Stream = "s", Status = "failed", Settings = Settings, Slices = [new SliceView { Pages = [new PageView()] }] };

        Assert.Contains(StreamWarnings.Of(StreamTestRecord.Of(result, "h", []), "h"), w => w.Kind == StreamWarnings.NoResponse);
    }

    private static readonly TestReadSettings Settings = new(100, 5, 5, 0, null, null, false, false, []);

    private static StreamReadResult Result(int status, params string[] records) => new()
    {
        Stream = "s",
        Status = status < 400 ? "completed" : "failed",
        Settings = Settings,
        RecordCount = records.Length,
        Slices = [new SliceView { Pages = [new PageView { Response = new HttpResponseView { Status = status }, Records = [.. records.Select(r => JsonDocument.Parse(r).RootElement)] }] }],
    };
}
