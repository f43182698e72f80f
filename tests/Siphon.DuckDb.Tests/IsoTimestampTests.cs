using System.Globalization;

namespace Siphon.DuckDb.Tests;

public sealed class IsoTimestampTests
{
    [Theory]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-01-02 03:04:05z")]
    [InlineData("2024-02-29T23:59:59.9999999+14:00")]
    [InlineData("2024-01-02T03:04:05.123456789-05:30")]
    [InlineData("2024-01-02T03:04:05.1+0200")]
    [InlineData("0001-01-01T00:00:00+01:00")] // out of range in UTC: both parsers refuse
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2024-01-02T24:00:00Z")]
    [InlineData("2024-01-02T03:04:05.Z")]
    [InlineData("2024-01-02T03:04:05+1:00")]
    [InlineData("2024-01-02")]
    [InlineData("Jan 2, 2024 03:04")]
    [InlineData("not a date")]
    public void TryParse_AnyText_AgreesWithTheGeneralParser(string text)
    {
        var expectedOk = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expected);
        var ok = IsoTimestamp.TryParse(text, out var actual);
        Assert.Equal(expectedOk, ok);
        Assert.Equal(expected.UtcTicks / 10, actual.UtcTicks / 10); // DuckDB stores microseconds
    }
}
