using System.Net;

namespace Siphon.Jobs;

/// <summary>
/// A download body that survives a broken connection: when a read fails and the server said it accepts byte ranges,
/// the rest of the file is requested from the byte reached (<c>Range: bytes=N-</c>) and reading carries on, so the
/// decoder never notices. Without range support the failure propagates and the caller retries the whole download.
/// A body that delivers no byte for <paramref name="idleTimeout"/> is a broken transfer too (a stalled server never
/// closes the connection, so nothing else would end the wait).
/// </summary>
internal sealed class RangeResumingStream(Stream first, bool rangesAccepted, Func<long, CancellationToken, Task<HttpResponseMessage>> reopen,
    int maxResumes, Action<long, Exception> onResume, TimeSpan idleTimeout, TimeProvider time) : Stream
{
    private Stream _current = first;
    private HttpResponseMessage? _response;
    private long _position;
    private int _resumes;
    // One timer (real time) for every read of the body, re-armed per read and linked with the caller's token;
    // both are made again only when the timer fired or the caller's token changed.
    private CancellationTokenSource? _timer;
    private CancellationTokenSource? _linked;
    private CancellationToken _linkedFor;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var read = await ReadOrStallAsync(buffer, cancellationToken).ConfigureAwait(false);
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

    private async ValueTask<int> ReadOrStallAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (idleTimeout <= TimeSpan.Zero || idleTimeout == Timeout.InfiniteTimeSpan) return await _current.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (_timer is null || _linked is null || _timer.IsCancellationRequested || _linkedFor != cancellationToken)
        {
            _linked?.Dispose();
            _timer?.Dispose();
            _timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
            _linkedFor = cancellationToken;
        }
        _timer.CancelAfter(idleTimeout);
        try
        {
            return await _current.ReadAsync(buffer, _linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"no byte arrived for {idleTimeout.TotalSeconds:0.###} s: the transfer stalled", e);
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
            _linked?.Dispose();
            _timer?.Dispose();
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
