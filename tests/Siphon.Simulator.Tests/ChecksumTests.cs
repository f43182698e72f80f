using System.Text.Json;

namespace Siphon.Simulator.Tests;

public sealed class ChecksumTests
{
    [Fact]
    public void Canonical_SortsLowerCasedKeysAndEscapesMinimally()
    {
        var canonical = RecordChecksum.Canonical([new("b", "x\"y"), new("A", "1"), new("c", null), new("d", "tab\there é")]);

        Assert.Equal("{\"a\":\"1\",\"b\":\"x\\\"y\",\"c\":\"\",\"d\":\"tab\\u0009here é\"}", canonical);
    }

    [Fact]
    public void Hash_IsFnv1a64OfCanonicalUtf8()
    {
        // FNV-1a 64 of "{}" computed by hand: offset basis, xor '{', multiply, xor '}', multiply.
        var expected = 14695981039346656037UL;
        foreach (var b in "{}"u8) expected = (expected ^ b) * 1099511628211UL;

        Assert.Equal(expected, RecordChecksum.Hash(Array.Empty<KeyValuePair<string, string?>>()));
    }

    [Fact]
    public void Hash_JsonNumbersAndCsvStrings_AgreeWhenTheTextAgrees()
    {
        var json = JsonDocument.Parse("""{"ID":42,"Name":"Ada","ok":true,"none":null}""").RootElement;

        var fromCsv = RecordChecksum.Hash([new("id", "42"), new("name", "Ada"), new("OK", "true"), new("none", "")]);

        Assert.Equal(fromCsv, RecordChecksum.Hash(json));
    }

    [Fact]
    public void Accumulator_OrderIndependent_ButDuplicatesChangeIt()
    {
        KeyValuePair<string, string?>[] a = [new("id", "1")], b = [new("id", "2")];
        var forward = new ChecksumAccumulator();
        forward.Add(a);
        forward.Add(b);
        var backward = new ChecksumAccumulator();
        backward.Add(b);
        backward.Add(a);
        var duplicated = new ChecksumAccumulator();
        duplicated.Add(a);
        duplicated.Add(a);
        duplicated.Add(b);

        Assert.Equal(forward.Checksum, backward.Checksum);
        Assert.Equal(2, forward.Count);
        Assert.NotEqual(forward.Checksum, duplicated.Checksum);
        Assert.Matches("^[0-9a-f]{16}$", forward.Checksum);
    }
}
