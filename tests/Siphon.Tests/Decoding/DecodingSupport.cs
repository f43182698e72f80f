using System.IO.Compression;
using System.Text;
using Siphon.Components;
using Siphon.Decoding;
using Siphon.Manifest;
using Siphon.Values;

namespace Siphon.Tests.Decoding;

/// <summary>Builds decoders from manifest fragments through the real registry and runs them on bodies in three forms.</summary>
public static class DecodingSupport
{
    public static readonly DecodeContext Download = new("download");

    /// <summary>A source-kind holder, so a decoder fragment validates and builds exactly as it would inside a manifest.</summary>
    private static readonly ComponentSpec Holder = new("DecoderHolder", ComponentKind.Source, "Holds a decoder for tests.",
        [Field.Component("decoder", ComponentKind.Decoder, "The decoder under test.", implied: "JsonDecoder", required: true)])
    {
        Factory = (node, context) => context.Build<IRecordDecoder>(node.Child("decoder")!),
        Example = "type: DecoderHolder\ndecoder: { type: JsonDecoder }\n",
    };

    private static readonly ComponentRegistry Registry = new(BuiltInComponents.All.Append(Holder));

    public static ValidationResult Validate(string decoderYaml)
    {
        var yaml = "type: DecoderHolder\ndecoder:\n" + string.Join('\n', decoderYaml.TrimEnd().Split('\n').Select(l => "  " + l)) + "\n";
        return ManifestValidator.Validate(ManifestDocument.Parse("decoder.yaml", yaml), Registry);
    }

    public static IRecordDecoder Build(string decoderYaml)
    {
        var validation = Validate(decoderYaml);
        Assert.True(validation.IsValid, string.Join("\n", validation.Problems.Select(p => p.ToString())));
        var context = new BuildContext(Registry, "decoder.yaml");
        return context.Build<IRecordDecoder>(validation.Root!);
    }

    public static ComponentBuildException BuildFails(string decoderYaml) => Assert.Throws<ComponentBuildException>(() => Build(decoderYaml));

    public static async Task<List<object?>> DecodeAsync(IRecordDecoder decoder, Stream body, DecodeContext? context = null)
    {
        var values = new List<object?>();
        await foreach (var value in decoder.DecodeAsync(body, context ?? Download, CancellationToken.None))
            values.Add(value);
        return values;
    }

    public static Task<List<object?>> DecodeAsync(IRecordDecoder decoder, byte[] body, DecodeContext? context = null) =>
        DecodeAsync(decoder, new MemoryStream(body), context);

    public static string Json(IEnumerable<object?> values) => JsonValues.ToJson(values.ToList());

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, byte[] Data)[] members)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in members)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(data);
            }
        return buffer.ToArray();
    }

    /// <summary>The three ways every format is read: whole, 1-7 bytes per read, and gzipped through GzipDecoder.</summary>
    public static async Task<string> DecodeAllWaysAsync(string decoderYaml, byte[] body, DecodeContext? context = null)
    {
        var plain = Json(await DecodeAsync(Build(decoderYaml), body, context));
        var chunked = Json(await DecodeAsync(Build(decoderYaml), new ChunkedStream(body), context));
        var gzipYaml = "type: GzipDecoder\ndecoder:\n" + string.Join('\n', decoderYaml.TrimEnd().Split('\n').Select(l => "  " + l)) + "\n";
        var gzipped = Json(await DecodeAsync(Build(gzipYaml), new ChunkedStream(Gzip(body), seed: 3), context));
        Assert.Equal(plain, chunked);
        Assert.Equal(plain, gzipped);
        return plain;
    }

    public static async Task<DecodeException> FailsAsync(IRecordDecoder decoder, byte[] body, DecodeContext? context = null) =>
        await Assert.ThrowsAsync<DecodeException>(() => DecodeAsync(decoder, new ChunkedStream(body), context));
}

/// <summary>A body that arrives 1 to 7 bytes per read, as a slow socket delivers it, to split every token.</summary>
public sealed class ChunkedStream(byte[] data, int seed = 1) : Stream
{
    private readonly Random _random = new(seed);
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(Math.Min(buffer.Length, _random.Next(1, 8)), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
