using Siphon.Testing;
using Siphon.Values;

namespace Siphon.Tests.Testing;

public sealed class InferenceTests
{
    private static Dictionary<string, object?> Json(string json) => (Dictionary<string, object?>)JsonValues.Parse(json)!;

    [Fact]
    public void Schema_MixedRecords_NullableUnionsAndNullOnlyFieldsFlagged()
    {
        var inferrer = new SchemaInferrer();
        inferrer.Add(Json("""{"id": 1, "amount": 2, "tags": ["a"], "owner": {"name": "x", "nick": null}, "gone": null}"""));
        inferrer.Add(Json("""{"id": 2, "amount": 2.5, "tags": [], "owner": null, "gone": null}"""));

        var schema = inferrer.Schema([["id"]]);

        var properties = (Dictionary<string, object?>)schema["properties"]!;
        Assert.Equal("""["integer","null"]""", JsonValues.ToJson(((Dictionary<string, object?>)properties["id"]!)["type"]));
        Assert.Equal("""["number","null"]""", JsonValues.ToJson(((Dictionary<string, object?>)properties["amount"]!)["type"]));
        Assert.Equal("""["null","object"]""", JsonValues.ToJson(((Dictionary<string, object?>)properties["owner"]!)["type"]));
        Assert.Equal("null", ((Dictionary<string, object?>)properties["gone"]!)["type"]);
        Assert.Equal(["owner.nick", "gone"], inferrer.NullOnlyFields());
        Assert.Equal("""["id"]""", JsonValues.ToJson(schema["required"]));
    }

    [Fact]
    public void DatetimeFormats_TopLevelFields_FirstFormatEveryValueFits()
    {
        var inferrer = new DatetimeFormatInferrer();
        inferrer.Add(Json("""{"day": "2024-01-31", "at": "2024-01-31T10:00:00Z", "ts": 1700000000, "ms": 1700000000000, "mixed": "2024-01-01", "name": "x"}"""));
        inferrer.Add(Json("""{"day": "2024-02-01", "at": "2024-02-01T10:00:00Z", "ts": "1700000001", "ms": 1700000000001, "mixed": "01-01-2024", "name": "y"}"""));

        Assert.Equal(new Dictionary<string, string>
        {
            ["day"] = "%Y-%m-%d", ["at"] = "%Y-%m-%dT%H:%M:%SZ", ["ts"] = "%s", ["ms"] = "%ms",
        }, inferrer.Formats());
    }
}
