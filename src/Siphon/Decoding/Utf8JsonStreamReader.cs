using System.Buffers;
using System.Text.Json;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>
/// Reads JSON tokens and values from a stream through a pooled buffer that is refilled as the reader advances, so
/// a document of any size is read with memory bounded by its largest single value. A token or value split across
/// reads is retried from the last committed <see cref="JsonReaderState"/> once more bytes have arrived.
/// </summary>
internal sealed class Utf8JsonStreamReader : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>The largest single value held at once; beyond it a record path is the way to stream the body.</summary>
    private const int MaxBufferSize = 1024 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly DecodeContext _context;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _final;
    private bool _started;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private long _bufferOffset;   // body offset of _buffer[0]
    private long _line;           // newlines before _start
    private long _lineStart;      // body offset of the line holding _start

    public Utf8JsonStreamReader(Stream stream, DecodeContext context)
    {
        _stream = stream;
        _context = context;
    }

    /// <summary>The name read by the last <see cref="JsonTokenType.PropertyName"/> token.</summary>
    public string? PropertyName { get; private set; }

    /// <summary>True when the body holds nothing but whitespace (or a byte-order mark).</summary>
    public async ValueTask<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_started && _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8) >= 0) return false;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return true;
        }
    }

    /// <summary>Reads the next token; <see cref="JsonTokenType.None"/> at the end of a complete document.</summary>
    public async ValueTask<JsonTokenType> ReadTokenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadToken(out var type)) return type;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return JsonTokenType.None;
        }
    }

    /// <summary>Reads the next complete value; <paramref name="end"/> is set instead when the next token closes an array or object.</summary>
    public async ValueTask<(bool End, object? Value)> ReadValueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadValue(out var end, out var value)) return (end, value);
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) throw Truncated();
        }
    }

    /// <summary>Skips the value that starts with <paramref name="first"/> token by token, so a huge skipped value is never buffered.</summary>
    public async ValueTask SkipAsync(JsonTokenType first, CancellationToken cancellationToken)
    {
        if (first is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        for (var depth = 1; depth > 0;)
        {
            var token = await ReadTokenAsync(cancellationToken).ConfigureAwait(false);
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
            else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
            else if (token is JsonTokenType.None) throw Truncated();
        }
    }

    /// <summary>The type of the next token, left unread.</summary>
    public async ValueTask<JsonTokenType> PeekTokenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReadToken(out var type, commit: false)) return type;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return JsonTokenType.None;
        }
    }

    private bool TryReadToken(out JsonTokenType type, bool commit = true)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            if (!reader.Read())
            {
                type = JsonTokenType.None;
                return _final;
            }
            type = reader.TokenType;
            if (!commit) return true;
            if (type == JsonTokenType.PropertyName) PropertyName = JsonValues.StringOf(ref reader);
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
        Commit(ref reader);
        return true;
    }

    private bool TryReadValue(out bool end, out object? value)
    {
        end = false;
        value = null;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            if (!reader.Read()) return false;
            if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
                end = true;
            else
            {
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    var probe = reader;
                    if (!probe.TrySkip()) return false;
                }
                value = JsonValues.Read(ref reader);
            }
        }
        catch (JsonException e)
        {
            throw Malformed(e);
        }
        Commit(ref reader);
        return true;
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        var consumed = _buffer.AsSpan(_start, (int)reader.BytesConsumed);
        var newlines = consumed.Count((byte)'\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStart = _bufferOffset + _start + consumed.LastIndexOf((byte)'\n') + 1;
        }
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    /// <summary>Reads more of the body, keeping the uncommitted bytes; false once the body has ended.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_final) return false;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxBufferSize)
                throw new DecodeException(_context, $"a single JSON value starting at byte {_bufferOffset} is larger than {MaxBufferSize / (1024 * 1024)} MiB; a record path (the extractor's field_path) lets its items be read one by one", _bufferOffset);
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0) _final = true;
        _end += read;
        if (!_started) SkipPreamble();
        return true;
    }

    /// <summary>Drops a UTF-8 byte-order mark and recognises an HTML page before the JSON reader trips on it.</summary>
    private void SkipPreamble()
    {
        var available = _buffer.AsSpan(_start, _end - _start);
        if (available.Length < 64 && !_final) return; // enough to recognise and quote an HTML page
        _started = true;
        if (available.StartsWith("\uFEFF"u8))
        {
            _start += 3;
            _lineStart = 3;
            available = available[3..];
        }
        var first = available.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && available[first] == (byte)'<')
        {
            var html = BodyPreview.LooksLikeHtml(available[first..]);
            throw new DecodeException(_context, $"expected JSON but the body looks like {(html ? "HTML" : "XML")} ({BodyPreview.Quote(available[first..])})", _bufferOffset + _start + first,
                failure: html ? DecodeFailure.ErrorPage : DecodeFailure.Malformed);
        }
    }

    private DecodeException Truncated(Exception? inner = null)
    {
        var end = _bufferOffset + _end;
        return new DecodeException(_context, $"JSON ends unexpectedly at byte {end} (truncated?): a value, array or object is not complete", end, _line + 1, inner, DecodeFailure.Truncated);
    }

    private DecodeException Malformed(JsonException e)
    {
        var line = e.LineNumber ?? _line;
        var lineStart = _lineStart;
        if (line > _line)
        {
            var index = _start;
            for (var l = _line; l < line; l++)
                index += _buffer.AsSpan(index, _end - index).IndexOf((byte)'\n') + 1;
            lineStart = _bufferOffset + index;
        }
        var offset = lineStart + (e.BytePositionInLine ?? 0);
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) reason = reason[..cut];
        var end = _bufferOffset + _end;
        if (_final && offset >= end) return Truncated(e);
        return new DecodeException(_context, $"malformed JSON at byte {offset} (line {line + 1}, column {e.BytePositionInLine + 1}): {reason}", offset, line + 1, e);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
