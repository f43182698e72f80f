using System.Buffers;
using System.Buffers.Text;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

// The practical limit for `siphon read` on this machine: create one contacts export on the simulator, poll it, then
// download its files (as many at once as siphon does), gunzip, parse CSV or JSONL and write Airbyte RECORD lines to
// stdout, with nothing of the engine in between (no manifest, no templates, no record dictionaries), as fast as this
// machine allows: bytes from the socket to stdout, never characters, strings or a JSON writer per value.
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

// CSV split as bytes: a 64 KB block, rows split where they lie (RFC 4180 quotes, unquoted into a scratch buffer when
// quoted), each value copied into the line or escaped by the JSON encoder when it must be.
static async Task Csv(Stream text, LineWriter lines, CancellationToken ct)
{
    var block = new byte[1 << 16];
    int start = 0, end = 0;
    byte[][]? keys = null;
    var cells = new (int Start, int End, bool Quoted)[64];
    var scratch = new byte[1 << 16];
    var specials = SearchValues.Create(",\"\r\n"u8);
    var final = false;
    while (!final)
    {
        if (end == block.Length)
        {
            if (start == 0) Array.Resize(ref block, block.Length * 2);
            else
            {
                Array.Copy(block, start, block, 0, end - start);
                end -= start;
                start = 0;
            }
        }
        var read = await text.ReadAsync(block.AsMemory(end), ct);
        final = read == 0;
        end += read;
        while (start < end)
        {
            // Split one row; stop at a row the block does not hold whole yet.
            int count = 0, cell = start, at = start, next = -1;
            var quoted = false;
            while (true)
            {
                var found = block.AsSpan(at, end - at).IndexOfAny(specials);
                if (found < 0) { if (final) { cells[count++] = (cell, end, quoted); next = end; } break; }
                at += found;
                var c = block[at];
                if (c == (byte)'"')
                {
                    var close = block.AsSpan(at + 1, end - at - 1).IndexOf((byte)'"');
                    if (close < 0) { if (final) throw new InvalidDataException("unclosed quote"); break; }
                    quoted = true;
                    at += close + 2;
                    continue;
                }
                if (count == cells.Length) Array.Resize(ref cells, count * 2);
                cells[count++] = (cell, at, quoted);
                if (c == (byte)',') { cell = ++at; quoted = false; continue; }
                next = c == (byte)'\r' && at + 1 < end && block[at + 1] == (byte)'\n' ? at + 2 : at + 1;
                break;
            }
            if (next < 0) break;
            if (count == 1 && cells[0].End == cells[0].Start) { start = next; continue; }
            if (keys is null)
            {
                keys = new byte[count][];
                for (var i = 0; i < count; i++)
                {
                    var name = Encoding.UTF8.GetString(Unquote(block.AsSpan(cells[i].Start, cells[i].End - cells[i].Start), cells[i].Quoted, scratch)).ToLowerInvariant();
                    keys[i] = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(name, LineWriter.Options) + ":");
                }
            }
            else
            {
                var line = lines.BeginRow(next - start);
                var written = LineWriter.Prefix.Length;
                for (var i = 0; i < keys.Length; i++)
                {
                    if (i > 0) line[written++] = (byte)',';
                    keys[i].CopyTo(line[written..]);
                    written += keys[i].Length;
                    if (i >= count) { "null"u8.CopyTo(line[written..]); written += 4; continue; }
                    written += LineWriter.WriteString(Unquote(block.AsSpan(cells[i].Start, cells[i].End - cells[i].Start), cells[i].Quoted, scratch), line[written..]);
                }
                lines.EndRow(line, written);
            }
            start = next;
        }
    }
}

static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> raw, bool quoted, byte[] scratch)
{
    if (!quoted || raw.Length == 0 || raw[0] != (byte)'"') return raw;
    var length = 0;
    var open = true;
    for (var i = 1; i < raw.Length; i++)
    {
        if (open && raw[i] == (byte)'"')
        {
            if (i + 1 < raw.Length && raw[i + 1] == (byte)'"') { scratch[length++] = (byte)'"'; i++; }
            else open = false;
        }
        else scratch[length++] = raw[i];
    }
    return scratch.AsSpan(0, length);
}

// JSON lines: each line parsed (Utf8JsonReader, which checks it is JSON) and copied into the RECORD line as it is.
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
        var json = buffer.AsSpan(start, newline).TrimEnd((byte)'\r');
        start += newline + 1;
        if (json.IsEmpty) continue;
        var reader = new Utf8JsonReader(json);
        while (reader.Read()) { }
        var line = lines.BeginRow(json.Length);
        var written = LineWriter.Prefix.Length;
        // The object's members without its braces: the data object is already open.
        json[1..^1].CopyTo(line[written..]);
        lines.EndRow(line, written + json.Length - 2);
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

/// <summary>One download's RECORD lines, written as bytes into a buffer that goes out when full.</summary>
sealed class LineWriter(Output output) : IDisposable
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    public static ReadOnlySpan<byte> Prefix => "{\"type\":\"RECORD\",\"record\":{\"stream\":\"contacts\",\"data\":{"u8;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 17);

    /// <summary>Room for a row whose values take at most <paramref name="valueBytes"/>, the prefix already in it.</summary>
    public Span<byte> BeginRow(int valueBytes)
    {
        var line = _buffer.GetSpan(Prefix.Length + valueBytes * 6 + 512);
        Prefix.CopyTo(line);
        return line;
    }

    public void EndRow(Span<byte> line, int written)
    {
        "},\"emitted_at\":"u8.CopyTo(line[written..]);
        written += 15;
        Utf8Formatter.TryFormat(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), line[written..], out var digits);
        written += digits;
        "}}\n"u8.CopyTo(line[written..]);
        _buffer.Advance(written + 3);
        if (_buffer.WrittenCount >= 1 << 16) Drain();
    }

    public static int WriteString(ReadOnlySpan<byte> value, Span<byte> line)
    {
        line[0] = (byte)'"';
        var escape = Encoder.FindFirstCharacterToEncodeUtf8(value);
        var length = value.Length;
        if (escape < 0) value.CopyTo(line[1..]);
        else
        {
            value[..escape].CopyTo(line[1..]);
            Encoder.EncodeUtf8(value[escape..], line[(1 + escape)..], out _, out var written);
            length = escape + written;
        }
        line[1 + length] = (byte)'"';
        return length + 2;
    }

    private void Drain()
    {
        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    public void Dispose() => Drain();
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
