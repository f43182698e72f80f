using System.Net;

namespace Siphon.Jobs;

/// <summary>
/// A download body that survives a broken connection: when a read fails and the server said it accepts byte ranges,
/// the rest of the file is requested from the byte reached (<c>Range: bytes=N-</c>) and reading carries on, so the
/// decoder never notices. Without range support the failure propagates and the caller retries the whole download.
/// </summary>
internal sealed class RangeResumingStream(Stream first, bool rangesAccepted, Func<long, CancellationToken, Task<HttpResponseMessage>> reopen,
    int maxResumes, Action<long, Exception> onResume) : Stream
{
    private Stream _current = first;
    private HttpResponseMessage? _response;
    private long _position;
    private int _resumes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var read = await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _position += read;
                return read;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && rangesAccepted && _resumes < maxResumes && !cancellationToken.IsCancellationRequested)
            {
                _resumes++;
                onResume(_position, e);
                await _current.DisposeAsync().ConfigureAwait(false);
                _response?.Dispose();
                _response = await reopen(_position, cancellationToken).ConfigureAwait(false);
                var range = _response.Content.Headers.ContentRange;
                if (_response.StatusCode != HttpStatusCode.PartialContent || range?.From != _position)
                    throw new IOException($"the server did not resume the download at byte {_position} (answered {(int)_response.StatusCode}{(range is null ? "" : $", {range}")})", e);
                _current = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current.Dispose();
            _response?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Adds a <c>Range</c> header to a download request being resumed.</summary>
internal sealed class RangeHeader : Http.IRequestInjection
{
    public static RangeHeader Instance { get; } = new();

    public void Inject(Http.RequestParts parts, object? value, Templates.TemplateScope scope) => parts.SetHeader("Range", $"bytes={value}-");
}
