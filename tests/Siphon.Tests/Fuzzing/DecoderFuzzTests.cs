using FsCheck;
using FsCheck.Fluent;
using Siphon.Decoding;
using Siphon.Tests.Decoding;
using static Siphon.Tests.Decoding.DecodingSupport;

namespace Siphon.Tests.Fuzzing;

/// <summary>
/// Every decoder, fed random bytes and damaged valid bodies (whole and in 1-7 byte reads), only ever yields values or
/// throws a <see cref="DecodeException"/> naming the step: never another exception, never a hang.
/// </summary>
[Collection(Decoding.ZipSpoolCollection.Name)]
public sealed class DecoderFuzzTests
{
    private const string JsonBody = """{"data": [{"id": 1, "name": "a\u00e9", "tags": ["x", null], "n": -1.5e3}, {"id": 2, "nested": {"deep": [[1], {"k": true}]}}], "next": null}""";
    private const string JsonlBody = "{\"id\": 1, \"a\": \"x\"}\n{\"id\": 2, \"b\": [1, 2]}\n\n{\"id\": 3}\n";
    private const string CsvBody = "id,name,amount\n1,\"a, b\",3.5\n2,\"multi\nline\",--\n3,,\n";
    private const string XmlBody = "<?xml version=\"1.0\"?><root><data><item id=\"1\"><name>a</name></item><item id=\"2\"><name>b &amp; c</name><v/></item></data></root>";

    /// <summary>Each decoder with a valid body of its format; `path` is the record path an extractor would push down, if any.</summary>
    public static TheoryData<string, string, string, string?> Decoders => new()
    {
        { "json", "type: JsonDecoder", JsonBody, null },
        { "json with record path", "type: JsonDecoder", JsonBody, "data" },
        { "json with wildcard path", "type: JsonDecoder", JsonBody, "data/*/nested" },
        { "json items", "type: JsonItemsDecoder\nitems_path: data", JsonBody, null },
        { "jsonl", "type: JsonlDecoder", JsonlBody, null },
        { "iterable", "type: IterableDecoder", "a\nb\n\nc", null },
        { "csv", "type: CsvDecoder\nset_values_to_none: [\"--\"]", CsvBody, null },
        { "tsv utf-8-sig", "type: CsvDecoder\ndelimiter: \\t\nencoding: utf-8-sig", "\uFEFFa\tb\n1\t2\n", null },
        { "xml", "type: XmlDecoder", XmlBody, null },
        { "xml with record path", "type: XmlDecoder", XmlBody, "root/data/item" },
        { "gzip of json", "type: GzipDecoder\ndecoder: { type: JsonDecoder }", "gzip:" + JsonBody, null },
        { "gzip of gzip of csv", "type: GzipDecoder\ndecoder:\n  type: GzipDecoder\n  decoder: { type: CsvDecoder }", "gzip:gzip:" + CsvBody, null },
        { "zip of csv", "type: ZipfileDecoder\ndecoder: { type: CsvDecoder }", "zip:" + CsvBody, null },
        { "zip of jsonl", "type: ZipfileDecoder\ndecoder: { type: JsonlDecoder }", "zip:" + JsonlBody, null },
    };

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Decode_RandomBytes_YieldsValuesOrADecodeException(string name, string yaml, string body, string? path)
    {
        _ = body;
        var decoder = Build(yaml);
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => DecodesOrFailsClearly(name, decoder, bytes ?? [], path))
            .Check(FuzzBounds.Seeded(seed: (ulong)name.Length * 7919, tests: 150));
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Decode_MutatedValidBody_YieldsValuesOrADecodeException(string name, string yaml, string body, string? path)
    {
        var decoder = Build(yaml);
        var valid = Encode(body);
        Assert.NotEmpty(DecodeWithin(name, decoder, valid, path, chunked: false));
        var mutants = Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(1, 8).Select(rounds => Mutator.MutateBytes(valid, seed, rounds)));
        Prop.ForAll(mutants.ToArbitrary(), bytes => DecodesOrFailsClearly(name, decoder, bytes, path))
            .Check(FuzzBounds.Seeded(seed: (ulong)name.Length * 104729, tests: 250));
    }

    [Theory]
    [Trait("Category", "Long")]
    [MemberData(nameof(Decoders))]
    public void Decode_ManyMutatedValidBodies_YieldValuesOrADecodeException(string name, string yaml, string body, string? path)
    {
        var decoder = Build(yaml);
        var valid = Encode(body);
        for (var seed = 10_000; seed < 13_000; seed++) DecodesOrFailsClearly(name, decoder, Mutator.MutateBytes(valid, seed, 1 + seed % 10), path);
    }

    /// <summary>The text of a body, wrapped in gzip or zip layers by its "gzip:" and "zip:" prefixes.</summary>
    private static byte[] Encode(string body) =>
        body.StartsWith("gzip:", StringComparison.Ordinal) ? Gzip(Encode(body[5..]))
        : body.StartsWith("zip:", StringComparison.Ordinal) ? Zip(("report.csv", Encode(body[4..])), ("second.csv", Encode(body[4..])))
        : Utf8(body);

    private static void DecodesOrFailsClearly(string name, IRecordDecoder decoder, byte[] bytes, string? path)
    {
        DecodeWithin(name, decoder, bytes, path, chunked: false);
        DecodeWithin(name, decoder, bytes, path, chunked: true);
    }

    private static List<object?> DecodeWithin(string name, IRecordDecoder decoder, byte[] bytes, string? path, bool chunked)
    {
        var context = new DecodeContext("download") { RecordPath = path?.Split('/') };
        var values = new List<object?>();
        var input = FuzzBounds.Show(bytes);
        var error = FuzzBounds.Run($"{name} decoder{(chunked ? " (chunked)" : "")}", input, async cancellationToken =>
        {
            Stream body = chunked ? new ChunkedStream(bytes, seed: bytes.Length) : new MemoryStream(bytes);
            await foreach (var value in decoder.DecodeAsync(body, context, cancellationToken)) values.Add(value);
        });
        FuzzBounds.ExpectResultOr<DecodeException>(error, $"{name} decoder", input,
            e => e.Message.StartsWith("download", StringComparison.Ordinal) && !e.Message.Contains("   at ", StringComparison.Ordinal));
        return values;
    }
}
