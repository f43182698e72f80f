using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Siphon.Http;

namespace Siphon.Testing;

/// <summary>
/// The bytes of one body as they went by, up to a cap: what the production code read, no more (a body is never read
/// ahead or twice for the capture; a stream the reader left early is flagged incomplete).
/// </summary>
public sealed class BodyTap(long cap, string? contentType)
{
    private readonly MemoryStream _bytes = new();

    public string? ContentType { get; } = contentType;

    /// <summary>Bytes that went by, kept or not.</summary>
    public long Size { get; private set; }

    /// <summary>The reader reached the end of the body.</summary>
    public bool Complete { get; private set; }

    /// <summary>What was kept is not the whole body: it was longer than the cap, or it was not read to its end.</summary>
    public bool Truncated => Size > _bytes.Length || !Complete;

    public static BodyTap Of(byte[] bytes, long cap, string? contentType)
    {
        var tap = new BodyTap(cap, contentType);
        tap.Write(bytes);
        tap.End();
        return tap;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_bytes)
        {
            Size += data.Length;
            var room = cap - _bytes.Length;
            if (room > 0) _bytes.Write(data[..(int)Math.Min(room, data.Length)]);
        }
    }

    public void End() => Complete = true;

    public byte[] Bytes()
    {
        lock (_bytes) return _bytes.ToArray();
    }
}

/// <summary>A body as the result shows it: text when it is text (redacted), else base64 with its content type.</summary>
internal readonly record struct BodyText(string? Text, string? Base64, string? ContentType, bool Truncated, long Size)
{
    private static readonly UTF8Encoding Strict = new(false, true);

    public static BodyText? Of(BodyTap? tap, SecretRedactor redactor)
    {
        if (tap is null) return null;
        var bytes = tap.Bytes();
        if (bytes.Length == 0 && tap.Size == 0) return new BodyText(tap.Complete ? "" : null, null, tap.ContentType, tap.Truncated, 0);
        if (AsText(bytes, tap.Truncated) is { } text) return new BodyText(redactor.Redact(text), null, tap.ContentType, tap.Truncated, tap.Size);
        return new BodyText(null, Convert.ToBase64String(bytes), tap.ContentType, tap.Truncated, tap.Size);
    }

    /// <summary>UTF-8 without control characters (a cut at the cap may split the last character: up to 3 bytes are dropped).</summary>
    internal static string? AsText(byte[] bytes, bool cut)
    {
        for (var drop = 0; drop <= (cut ? 3 : 0) && drop <= bytes.Length; drop++)
        {
            try
            {
                var text = Strict.GetString(bytes, 0, bytes.Length - drop);
                foreach (var c in text)
                    if (c < ' ' && c is not ('\n' or '\r' or '\t')) return null;
                return text;
            }
            catch (DecoderFallbackException) { }
        }
        return null;
    }
}

/// <summary>The captured bodies of one exchange (one attempt), keyed by the exchange number the HTTP events carry.</summary>
public sealed class CapturedExchange
{
    public BodyTap? Request { get; set; }
    public BodyTap? Response { get; set; }
}

/// <summary>
/// Taps the request and response bodies of every exchange, up to a cap, without changing how they are read: the
/// response body stays a stream that production decoders consume as they would anyway.
/// </summary>
public sealed class BodyCaptureHandler(long cap) : DelegatingHandler
{
    private readonly ConcurrentDictionary<long, CapturedExchange> _exchanges = new();

    public CapturedExchange? Find(long exchange) => _exchanges.GetValueOrDefault(exchange);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var captured = new CapturedExchange();
        if (request.Options.TryGetValue(HttpSession.ExchangeKey, out var id)) _exchanges[id] = captured;
        if (request.Content is { } content)
        {
            await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            captured.Request = BodyTap.Of(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), cap, content.Headers.ContentType?.ToString());
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        captured.Response = new BodyTap(cap, response.Content.Headers.ContentType?.ToString());
        response.Content = new TappedContent(response.Content, captured.Response);
        return response;
    }
}

/// <summary>A response body that copies what is read from it into a <see cref="BodyTap"/>.</summary>
internal sealed class TappedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly BodyTap _tap;

    public TappedContent(HttpContent inner, BodyTap tap)
    {
        _inner = inner;
        _tap = tap;
        foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new TapStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _tap);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A read-only stream that copies every byte read into a tap, and marks it complete at the end.</summary>
internal sealed class TapStream(Stream inner, BodyTap tap) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Tap(buffer[..n], buffer.Length);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Tap(buffer.Span[..n], buffer.Length);
        return n;
    }

    private void Tap(ReadOnlySpan<byte> read, int asked)
    {
        if (read.Length > 0) tap.Write(read);
        else if (asked > 0) tap.End();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
