using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Siphon.Records.Transformations;
using Siphon.Tests.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Fuzzing;

/// <summary>
/// Random JSON lines, and damaged ones, through both forms of <c>JsonlDecoder</c>: the batches of lines kept as bytes
/// write on stdout exactly the bytes the dictionaries write, and fail, when they fail, with the same error after the
/// same records, with and without a key transformation.
/// </summary>
[Collection(Decoding.ZipSpoolCollection.Name)]
public sealed class JsonlBatchFuzzTests
{
    /// <summary>Keys that repeat, differ only by case (KeysToLower makes them one), need escaping or are not ASCII.</summary>
    private static readonly string[] Keys = ["id", "ID", "Id", "name", "a", "A", "b", "x y", "café", "東京", "\\\"q\\\"", "tab\t", "", "emoji😀", "firstName", "first_name"];

    /// <summary>Number texts whose typing (long or double) and re-written form the dictionary path decides.</summary>
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "1.0", "1.50", "1e2", "1E+2", "1e-7", "-0.0", "0.1", "3.14159265358979323846", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "5e-324",
        "1.5", "-2.25", "1E+20", "1.2345E-07", "-0.5", "-0.0", "0e0", "12.5e1",
        "1.7976931348623157e308", "1e400", "-1e400", "2.5E-3", "100000000000000000000", "0.30000000000000004",
    ];

    /// <summary>String texts as written in JSON: plain, escaped, non-ASCII raw and escaped, control characters, a lone surrogate.</summary>
    private static readonly string[] Strings =
    [
        "", "plain", "café", "東京", "😀", "a\\\"b", "\\\\", "\\/", "\\n\\r\\t\\b\\f", "\\u00e9", "\\ud83d\\ude00", "\\u0000", "\\u001f",
        "\\u2028\\u2029", "<script>&'", "\\ud800", "x\\u0041y", "\u007f\u0080", "2024-01-04T14:16:47Z",
    ];

    [Fact]
    public void Batches_RandomJsonLines_WriteTheBytesOfTheDictionaryPath()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed => SameBothWays(RandomBody(new Random(seed)), seed))
            .Check(FuzzBounds.Seeded(seed: 22, tests: 300));
    }

    [Fact]
    public void Batches_LinesOfOneShape_WriteTheBytesOfTheDictionaryPath()
    {
        // Lines after a verbatim one with the same keys are checked without the reader: flat values of every kind,
        // now and then a nested one, a space, a reordered key or a damaged byte, must still come out as the dictionaries do.
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed => SameBothWays(OneShapeBody(new Random(seed)), seed))
            .Check(FuzzBounds.Seeded(seed: 2223, tests: 300));
    }

    [Fact]
    public void Batches_MutatedJsonLines_WriteTheBytesAndTheErrorOfTheDictionaryPath()
    {
        var valid = Encoding.UTF8.GetBytes(JsonlBatchTests.EdgeBody);
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed => SameBothWays(Mutator.MutateBytes(valid, seed, 1 + seed % 6), seed))
            .Check(FuzzBounds.Seeded(seed: 2222, tests: 300));
    }

    private static void SameBothWays(byte[] body, int seed)
    {
        var form = (seed % 3) switch { 0 => "plain", 1 => "chunked", _ => "gzip" };
        var renamed = seed % 2 == 0;
        var (fromRecords, recordsError) = JsonlBatchTests.ThroughDictionariesAsync(body, renamed ? new KeysToLower() : null, form).GetAwaiter().GetResult();
        var rendered = seed / 2 % 2 == 0;
        var (fromBatches, batchesError) = JsonlBatchTests.ThroughBatchesAsync(body, renamed ? new KeysToLower() : null, form, rendered).GetAwaiter().GetResult();
        var input = FuzzBounds.Show(body);
        Assert.True(recordsError == batchesError, $"errors differ for {input}: {recordsError} / {batchesError}");
        Assert.True(fromRecords.AsSpan().SequenceEqual(fromBatches),
            $"output differs for {input}:\n{Encoding.UTF8.GetString(fromRecords)}\n---\n{Encoding.UTF8.GetString(fromBatches)}");
    }

    private static byte[] RandomBody(Random random)
    {
        var text = new StringBuilder();
        var lines = random.Next(1, 12);
        for (var i = 0; i < lines; i++)
        {
            switch (random.Next(20))
            {
                case 0: text.Append(""); break;
                case 1: text.Append("  \t"); break;
                case 2: text.Append(Value(random, 2)); break;
                default: text.Append(Object(random, 3)); break;
            }
            text.Append(random.Next(5) == 0 ? "\r\n" : "\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] OneShapeBody(Random random)
    {
        var keys = Enumerable.Range(0, random.Next(0, 6)).Select(_ => Keys[random.Next(Keys.Length)].Replace("\t", "\\t")).ToArray();
        var text = new StringBuilder();
        for (var i = random.Next(1, 25); i > 0; i--)
        {
            var order = random.Next(12) == 0 ? keys.Reverse().ToArray() : keys;
            var fields = order.Select(key => $"\"{key}\":{(random.Next(8) == 0 ? Value(random, 1) : Value(random, 0))}{(random.Next(40) == 0 ? " " : "")}");
            text.Append('{').Append(string.Join(",", fields)).Append('}').Append('\n');
        }
        var body = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(6) == 0 && body.Length > 0) body[random.Next(body.Length)] = (byte)random.Next(256);
        return body;
    }

    private static string Object(Random random, int depth)
    {
        var fields = Enumerable.Range(0, random.Next(0, 7))
            .Select(_ => $"{Space(random)}\"{Keys[random.Next(Keys.Length)].Replace("\t", random.Next(2) == 0 ? "\\t" : "\\u0009")}\"{Space(random)}:{Space(random)}{Value(random, depth - 1)}");
        return "{" + string.Join(",", fields) + (random.Next(15) == 0 ? "," : "") + "}";
    }

    private static string Value(Random random, int depth) => random.Next(depth > 0 ? 9 : 6) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 or 3 => Numbers[random.Next(Numbers.Length)],
        4 or 5 => "\"" + Strings[random.Next(Strings.Length)] + "\"",
        6 or 7 => Object(random, depth),
        _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth - 1))) + "]",
    };

    private static string Space(Random random) => random.Next(6) == 0 ? " " : random.Next(30) == 0 ? "/*c*/" : "";
}
