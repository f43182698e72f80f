using System.Text;
using Siphon.Decoding;

namespace Siphon.Tests.Decoding;

/// <summary>
/// Which JSON lines travel as their bytes, which must be written from a dictionary, and which the dictionary parser
/// must judge (<see cref="JsonLineScanner"/>).
/// </summary>
public sealed class JsonLineScannerTests
{
    [Theory]
    [InlineData("{\"id\":1,\"n\":-0,\"f\":1.0,\"s\":\"caf\\u00e9 \\\"q\\\"\",\"o\":{\"k\":[1,{}]}}", "Record")]
    [InlineData("{\"a\":[{\"k\":1},{\"k\":2}],\"k\":{\"k\":3}}", "Record")]
    [InlineData("{ /* c */ \"a\":1, }", "Record")]
    [InlineData("{}", "Record")]
    [InlineData("{\"a\":1,\"b\":2,\"a\":3}", "RecordAsDictionary")]
    [InlineData("{\"o\":{\"x\":1,\"y\":[{\"k\":1,\"k\":2}]}}", "RecordAsDictionary")]
    [InlineData("{\"i\\u0064\":6}", "RecordAsDictionary")]
    [InlineData("[1,2]", "Other")]
    [InlineData("\"text\"", "Other")]
    [InlineData("{\"a\":\"\\ud800\"}", "Other")]
    [InlineData("{\"a\":1} x", "Other")]
    [InlineData("{\"a\":1", "Other")]
    public void Scan_OfALine_SaysHowItCanTravel(string line, string expected)
    {
        Assert.Equal(Enum.Parse<JsonLineKind>(expected), new JsonLineScanner().Scan(Encoding.UTF8.GetBytes(line), out _, out _));
    }

    [Theory]
    [InlineData("{\"id\":1,\"s\":\"café \\\"q\\\" \\\\ \\n\",\"f\":1.5,\"g\":2.5E-07,\"n\":null,\"o\":{\"k\":[true,false,{}]}}", true)]
    [InlineData("{}", true)]
    [InlineData("{\"a\": 1}", false)]
    [InlineData("{ \"a\":1}", false)]
    [InlineData("{\"a\" :1}", false)]
    [InlineData("{\"a\":1} ", false)]
    [InlineData("{\"a\":[1,2,]}", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\":/*c*/1}", false)]
    [InlineData("{\"a\":-0}", false)]
    [InlineData("{\"a\":1.0}", false)]
    [InlineData("{\"a\":1e2}", false)]
    [InlineData("{\"a\":2.5e-7}", false)]
    [InlineData("{\"a\":1e400}", false)]
    [InlineData("{\"a\":\"\\u00e9\"}", false)]
    [InlineData("{\"a\":\"\\/\"}", false)]
    [InlineData("{\"a\":\"\\u0001\"}", true)]
    [InlineData("{\"a\":\"\u0001\"}", false)]
    public void Scan_OfARecord_SaysWhetherItsBytesAreTheWritersOwn(string line, bool expected)
    {
        var kind = new JsonLineScanner().Scan(Encoding.UTF8.GetBytes(line), out _, out var verbatim);

        if (kind == JsonLineKind.Record) Assert.Equal(expected, verbatim);
        else Assert.False(expected, $"{line} is {kind}");
    }

    [Fact]
    public void Scan_LinesWithTheSameKeys_ShareOneArrayOfNames()
    {
        var scanner = new JsonLineScanner();

        scanner.Scan("{\"id\":1,\"é\":{\"x\":1}}"u8, out var first, out _);
        scanner.Scan("{\"id\":2,\"other\":true}"u8, out var other, out _);
        scanner.Scan("{\"id\":3,\"é\":[]}"u8, out var again, out _);

        Assert.Equal(["id", "é"], first!);
        Assert.Equal(["id", "other"], other!);
        Assert.Same(first, again);
    }
}
