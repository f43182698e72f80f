using Siphon.Values;

namespace Siphon.Tests.Values;

public sealed class JsonValuesTests
{
    [Theory]
    [InlineData("""{"a":1,"b":[true,null,"x",1.5],"c":{}}""")]
    [InlineData("[]")]
    [InlineData("\"é\"")]
    public void Parse_ThenToJson_RoundTrips(string json) => Assert.Equal(json, JsonValues.ToJson(JsonValues.Parse(json)));

    [Fact]
    public void Parse_Integers_AreLongs_AndFractions_AreDoubles()
    {
        var map = Assert.IsType<Dictionary<string, object?>>(JsonValues.Parse("""{"i":5,"d":5.5}"""));
        Assert.IsType<long>(map["i"]);
        Assert.IsType<double>(map["d"]);
    }
}
