using Siphon.Partitions;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Tests.Partitions;

public sealed class StreamSliceTests
{
    private static readonly StreamSlice Slice = new(
        (Dictionary<string, object?>)JsonValues.Parse("""{"account_id":"42"}""")!,
        (Dictionary<string, object?>)JsonValues.Parse("""{"start_time":"2024-01-01","end_time":"2024-01-31"}""")!,
        (Dictionary<string, object?>)JsonValues.Parse("""{"url":"https://files/1","create_job_response":{"reportId":"r1"}}""")!);

    [Theory]
    [InlineData("{{ stream_slice['account_id'] }}", 42L)]
    [InlineData("{{ stream_slice.start_time }}", "2024-01-01")]
    [InlineData("{{ stream_partition['account_id'] }}|{{ stream_interval['end_time'] }}", "42|2024-01-31")]
    [InlineData("{{ stream_slice.partition.account_id }}", 42L)]
    [InlineData("{{ stream_slice.cursor_slice.start_time }}", "2024-01-01")]
    [InlineData("{{ stream_slice.extra_fields['url'] }}", "https://files/1")]
    [InlineData("{{ stream_slice['create_job_response']['reportId'] }}", "r1")]
    [InlineData("{{ stream_slice | length }}", 3L)]
    public void Templates_ReadTheSliceAsTheReferenceExposesIt(string template, object expected)
    {
        var scope = new TemplateScope(new Dictionary<string, object?> { ["stream_slice"] = Slice.ToValue() });

        Assert.Equal(expected, Template.Compile(template).Evaluate(scope));
    }

    [Fact]
    public void Describe_NamesPartitionAndWindow_WithoutExtraFields()
    {
        Assert.Equal("""{"account_id":"42","start_time":"2024-01-01","end_time":"2024-01-31"}""", Slice.Describe());
    }
}
