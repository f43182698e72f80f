using System.Globalization;

namespace Siphon.Simulator.Tests;

public sealed class VocabularyTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(86_399L)]
    [InlineData(31_535_999L)]
    [InlineData(3_000_000_000L)]
    public void Timestamp_MatchesTheGeneralFormatter(long seconds)
    {
        var t = Vocabulary.Epoch.AddSeconds(seconds);

        Assert.Equal(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Vocabulary.Timestamp(t));
    }

    [Fact]
    public void Uuid_IsVersion4Shaped()
    {
        var uuid = Vocabulary.Uuid(0x0123456789abcdefUL, 0xfedcba9876543210UL);

        Assert.Equal("01234567-89ab-4def-bedc-ba9876543210", uuid);
        Assert.True(Guid.TryParse(uuid, out _));
    }
}
