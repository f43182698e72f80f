using System.Buffers;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using nietras.SeparatedValues;

// The practical limit for `siphon read` on this machine: create one contacts export on the simulator, poll it, then
// download its files (as many at once as siphon does), gunzip, parse CSV or JSONL and write Airbyte RECORD lines to
// stdout, with nothing of the engine in between (no manifest, no templates, no record dictionaries).
//
// raw-baseline <simulator base url> [knobs JSON]      e.g. raw-baseline http://127.0.0.1:8790/ '{"format":"jsonl"}'
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: raw-baseline <simulator base url> [knobs JSON]");
    return 2;
}
var format = args.Length > 1 && JsonDocument.Parse(args[1]).RootElement.TryGetProperty("format", out var f) ? f.GetString() : "csv";
if (format is not ("csv" or "jsonl"))
{
    Console.Error.WriteLine($"raw-baseline reads csv or jsonl, not {format}");
    return 2;
}
var baseUrl = new Uri(args[0].EndsWith('/') ? args[0] : args[0] + "/");
using var http = new HttpClient { BaseAddress = baseUrl };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sim-token");
using var create = new HttpRequestMessage(HttpMethod.Post, "v3/marketing/contacts/exports");
if (args.Length > 1) create.Headers.Add("X-Sim-Knobs", args[1]);
var created = await (await http.SendAsync(create)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
var id = created.GetProperty("id").GetString();
string[] urls;
while (true)
{
    var status = await http.GetFromJsonAsync<JsonElement>($"v3/marketing/contacts/exports/{id}");
    if (status.GetProperty("status").GetString() == "ready")
    {
        urls = status.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray();
        break;
    }
    await Task.Delay(50);
}

await using var stdout = Console.OpenStandardOutput();
var output = new Output(stdout);
await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (url, ct) =>
{
    using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
    response.EnsureSuccessStatusCode();
    await using var raw = await response.Content.ReadAsStreamAsync(ct);
    var body = new BufferedStream(raw, 1 << 16);
    var magic = new byte[2];
    // Peek at the gzip magic without consuming it: BufferedStream keeps what it read.
    var gzip = await body.ReadAsync(magic, ct) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    Stream text = new PrefixedStream(magic, body);
    if (gzip) text = new GZipStream(text, CompressionMode.Decompress);
    using var lines = new LineWriter(output);
    if (format == "jsonl") await Jsonl(text, lines, ct);
    else
        await Csv(text, lines, ct);
    await text.DisposeAsync();
});
output.Flush();
return 0;

static async Task Csv(Stream text, LineWriter lines, CancellationToken ct)
{
    using var reader = await Sep.Reader(o => o with { Unescape = true }).FromAsync(text, ct);
    var names = reader.Header.ColNames.Select(n => n.ToLowerInvariant()).ToArray();
    await foreach (var row in reader)
    {
        var json = lines.Begin();
        for (var i = 0; i < names.Length; i++) json.WriteString(names[i], row[i].Span);
        lines.End();
    }
}

static async Task Jsonl(Stream text, LineWriter lines, CancellationToken ct)
{
    var buffer = new byte[1 << 16];
    int start = 0, end = 0;
    while (true)
    {
        var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
        if (newline < 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = await text.ReadAsync(buffer.AsMemory(end), ct);
            if (read == 0) break;
            end += read;
            continue;
        }
        var line = buffer.AsSpan(start, newline);
        start += newline + 1;
        if (line.IsEmpty) continue;
        CopyObject(line, lines.Begin());
        lines.End();
    }
}

// Parses one JSON object and writes its members again (values re-encoded, as an engine that parsed them would).
static void CopyObject(ReadOnlySpan<byte> line, Utf8JsonWriter json)
{
    var reader = new Utf8JsonReader(line);
    reader.Read();
    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
    {
        var name = reader.GetString()!;
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String: json.WriteString(name, reader.GetString()); break;
            case JsonTokenType.Number when reader.TryGetInt64(out var l): json.WriteNumber(name, l); break;
            case JsonTokenType.Number: json.WriteNumber(name, reader.GetDouble()); break;
            case JsonTokenType.True or JsonTokenType.False: json.WriteBoolean(name, reader.GetBoolean()); break;
            case JsonTokenType.Null: json.WriteNull(name); break;
            default: json.WritePropertyName(name); reader.Skip(); json.WriteNullValue(); break;
        }
    }
}

/// <summary>Stdout shared by the download tasks: each hands over 64 KB of whole lines at a time.</summary>
sealed class Output(Stream stdout)
{
    private readonly Lock _gate = new();

    public void Write(ReadOnlySpan<byte> lines)
    {
        lock (_gate) stdout.Write(lines);
    }

    public void Flush()
    {
        lock (_gate) stdout.Flush();
    }
}

/// <summary>One download's RECORD lines, written with <see cref="Utf8JsonWriter"/> into a buffer that goes out when full.</summary>
sealed class LineWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly Output _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 17);
    private readonly Utf8JsonWriter _json;

    public LineWriter(Output output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public Utf8JsonWriter Begin()
    {
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("type"u8, "RECORD"u8);
        _json.WriteStartObject("record"u8);
        _json.WriteString("stream"u8, "contacts"u8);
        _json.WriteStartObject("data"u8);
        return _json;
    }

    public void End()
    {
        _json.WriteEndObject();
        _json.WriteNumber("emitted_at"u8, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= 1 << 16) Drain();
    }

    private void Drain()
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    public void Dispose()
    {
        Drain();
        _json.Dispose();
    }
}

/// <summary>Bytes already read from the front of a stream, then the rest of it.</summary>
sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
{
    private int _used;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_used < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _used);
            prefix.AsSpan(_used, n).CopyTo(buffer);
            _used += n;
            return n;
        }
        return rest.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_used < prefix.Length) return Read(buffer.Span);
        return await rest.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
