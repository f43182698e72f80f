using Siphon.Builder.Editing;
using Siphon.Values;

namespace Siphon.Builder.Tests.Editing;

public sealed class RequestBodyTests
{
    [Fact]
    public void SetBody_MalformedJson_IsRefusedWithLineAndColumn_AndTheBodyIsKept()
    {
        var requester = JsonValues.NewObject();
        Assert.Null(StreamModel.SetBody(requester, "{\"a\": 1}", raw: false));

        var error = StreamModel.SetBody(requester, "{\n  \"a\": 1,\n  \"b\" 2\n}", raw: false);

        Assert.Equal("not valid JSON at line 3, column 7; fix it, or switch on Raw text to send it as it is", error);
        Assert.Equal("""{"a":1}""", JsonValues.ToJson(requester["request_body_json"]));
        Assert.False(requester.ContainsKey("request_body_data"));
    }

    [Fact]
    public void SetBody_JsonThatIsNotAnObject_IsRefused()
    {
        var error = StreamModel.SetBody(JsonValues.NewObject(), "[1, 2]", raw: false);

        Assert.StartsWith("the JSON body must be an object", error);
    }

    [Fact]
    public void SetBody_RawTextChosen_IsSentAsWritten()
    {
        var requester = JsonValues.NewObject();

        Assert.Null(StreamModel.SetBody(requester, "{not json", raw: true));

        Assert.Equal("{not json", requester["request_body_data"]);
        Assert.True(StreamModel.RawBody(requester));
    }
}
