using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Siphon.Http.ErrorHandling;
using Siphon.Records;
using Siphon.Source;
using Siphon.Runs;
using Siphon.Values;

namespace Siphon.Runs.Protocol;

/// <summary>
/// Writes Airbyte protocol messages, one JSON object per line, straight to a stream with
/// <see cref="Utf8JsonWriter"/>: field names and shapes exactly as the protocol's JSON Schema defines them.
/// Thread-safe (run events arrive from several threads). RECORD lines collect in the writer's own buffer and reach
/// the stream in large writes; every other message flushes, so a STATE never reaches the platform before the records
/// it covers, nor waits behind them.
/// <para>The JSON writer writes into that buffer rather than into the stream: <see cref="Utf8JsonWriter.Flush"/> on a
/// stream also flushes the stream, which would cost one write system call per record.</para>
/// </summary>
public sealed class AirbyteMessageWriter : IDisposable
{
    /// <summary>Buffered lines go out once they pass this size (a few hundred records).</summary>
    private const int WriteThreshold = 64 * 1024;

    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(WriteThreshold + 4096);
    private readonly Utf8JsonWriter _json;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private const int MaxEncodedKeys = 4096;
    private readonly Dictionary<string, JsonEncodedText> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly Func<string, JsonEncodedText> _encodedKey;
    private readonly TextRecordLines _textLines;
    private readonly JsonLineRecordLines _jsonLines;
    private readonly Action _writeIfFull;

    public AirbyteMessageWriter(Stream output, TimeProvider? time = null)
    {
        _output = output;
        _time = time ?? TimeProvider.System;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        _encodedKey = EncodedKey;
        _writeIfFull = WriteIfFull;
        var envelope = new RecordEnvelope();
        _textLines = new TextRecordLines(envelope);
        _jsonLines = new JsonLineRecordLines(envelope);
    }

    private long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public void WriteSpec(SpecDefinition spec)
    {
        Begin("SPEC");
        _json.WriteStartObject("spec");
        if (spec.DocumentationUrl is not null) _json.WriteString("documentationUrl", spec.DocumentationUrl);
        _json.WritePropertyName("connectionSpecification");
        JsonValues.Write(_json, spec.ConnectionSpecification ?? JsonValues.NewObject());
        if (spec.AdvancedAuth is not null)
        {
            _json.WritePropertyName("advanced_auth");
            JsonValues.Write(_json, spec.AdvancedAuth);
        }
        _json.WriteEndObject();
        End();
    }

    public void WriteCatalog(IEnumerable<StreamDefinition> streams)
    {
        Begin("CATALOG");
        _json.WriteStartObject("catalog");
        _json.WriteStartArray("streams");
        foreach (var stream in streams)
        {
            _json.WriteStartObject();
            _json.WriteString("name", stream.Name);
            _json.WritePropertyName("json_schema");
            JsonValues.Write(_json, stream.Schema ?? DeclarativeStream.OpenSchema());
            _json.WriteStartArray("supported_sync_modes");
            _json.WriteStringValue("full_refresh");
            if (stream.CursorField is { Length: > 0 }) _json.WriteStringValue("incremental");
            _json.WriteEndArray();
            if (stream.CursorField is { Length: > 0 } cursor)
            {
                _json.WriteBoolean("source_defined_cursor", true);
                _json.WriteStartArray("default_cursor_field");
                _json.WriteStringValue(cursor);
                _json.WriteEndArray();
            }
            if (stream.PrimaryKey.Count > 0)
            {
                _json.WritePropertyName("source_defined_primary_key");
                JsonValues.Write(_json, stream.PrimaryKey.Select(p => (object?)p.Cast<object?>().ToList()).ToList());
            }
            // Durable jobs and per-slice state make every stream resumable after an interruption.
            _json.WriteBoolean("is_resumable", true);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        End();
    }

    public void WriteLog(string level, string message)
    {
        Begin("LOG");
        _json.WriteStartObject("log");
        _json.WriteString("level", level);
        _json.WriteString("message", message);
        _json.WriteEndObject();
        End();
    }

    public void WriteError(string message, FailureType failureType, string? internalMessage = null, string? stream = null)
    {
        Begin("TRACE");
        _json.WriteStartObject("trace");
        _json.WriteString("type", "ERROR");
        _json.WriteNumber("emitted_at", NowMilliseconds);
        _json.WriteStartObject("error");
        _json.WriteString("message", message);
        if (internalMessage is not null) _json.WriteString("internal_message", internalMessage);
        if (stream is not null)
        {
            _json.WriteStartObject("stream_descriptor");
            _json.WriteString("name", stream);
            _json.WriteEndObject();
        }
        _json.WriteString("failure_type", failureType switch
        {
            FailureType.ConfigError => "config_error",
            FailureType.TransientError => "transient_error",
            _ => "system_error",
        });
        _json.WriteEndObject();
        _json.WriteEndObject();
        End();
    }

    public void WriteRecord(string stream, Dictionary<string, object?> data)
    {
        BeginRecord(stream);
        foreach (var (key, value) in data)
        {
            _json.WritePropertyName(EncodedKey(key));
            JsonValues.Write(_json, value);
        }
        EndRecord();
    }

    /// <summary>
    /// One RECORD line per row of the batch, the same bytes <see cref="WriteRecord"/> writes for the row's record. The
    /// batch's lines are written under one hold of the gate and share one <c>emitted_at</c> (the batch is written in
    /// well under a millisecond); rows of UTF-8 text and JSON lines are written as bytes (<see cref="TextRecordLines"/>, <see cref="JsonLineRecordLines"/>).
    /// </summary>
    public void WriteRecords(string stream, RecordBatch batch)
    {
        lock (_gate)
        {
            if (batch is RenderedBatch rendered && rendered.Stream == stream)
            {
                rendered.CopyLines(_buffer);
                WriteIfFull();
                return;
            }
            if (batch is Utf8Batch text)
            {
                _textLines.Write(_buffer, stream, text, NowMilliseconds, _writeIfFull);
                return;
            }
            if (batch is JsonLineBatch lines)
            {
                _jsonLines.Write(_buffer, stream, lines, NowMilliseconds, _writeIfFull);
                return;
            }
            for (var row = 0; row < batch.Count; row++)
            {
                BeginRecord(stream);
                batch.WriteFields(row, _json, _encodedKey);
                EndRecord();
            }
        }
    }

    /// <summary>
    /// The batch with its RECORD lines rendered now, on the calling thread (the one that decoded it), with this moment
    /// as their <c>emitted_at</c>; <see cref="WriteRecords"/> then copies them. Only UTF-8 text rows and JSON lines are rendered ahead.
    /// </summary>
    public RecordBatch Prepare(string stream, RecordBatch batch)
    {
        var emittedAt = NowMilliseconds;
        return batch switch
        {
            Utf8Batch text => RenderedBatch.Render(stream, text, (output, rowWritten) => _textLines.Write(output, stream, text, emittedAt, rowWritten)),
            JsonLineBatch lines => RenderedBatch.Render(stream, lines, (output, rowWritten) => _jsonLines.Write(output, stream, lines, emittedAt, rowWritten)),
            _ => batch,
        };
    }

    private void WriteIfFull()
    {
        if (_buffer.WrittenCount >= WriteThreshold) WriteBuffered(flush: false);
    }

    private void BeginRecord(string stream)
    {
        Begin("RECORD");
        _json.WriteStartObject("record"u8);
        _json.WriteString("stream"u8, stream);
        _json.WriteStartObject("data"u8);
    }

    private void EndRecord()
    {
        _json.WriteEndObject();
        _json.WriteNumber("emitted_at"u8, NowMilliseconds);
        _json.WriteEndObject();
        End(flush: false);
    }

    /// <summary>
    /// A record key, escaped and in UTF-8 already: the records of a download share their key strings (a CSV header, a
    /// renamed key), so each is encoded once instead of once per record. Looked up by reference, so the cost is a
    /// pointer hash; bounded, for records whose keys are new strings every time. Called under the gate.
    /// </summary>
    private JsonEncodedText EncodedKey(string key)
    {
        if (_keys.TryGetValue(key, out var encoded)) return encoded;
        encoded = JsonEncodedText.Encode(key, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        if (_keys.Count < MaxEncodedKeys) _keys[key] = encoded;
        return encoded;
    }

    /// <summary>A per-stream (<c>STREAM</c>) state message, with the records emitted since the previous one.</summary>
    public void WriteState(string stream, Dictionary<string, object?> state, long? recordCount = null)
    {
        Begin("STATE");
        _json.WriteStartObject("state");
        _json.WriteString("type", "STREAM");
        _json.WriteStartObject("stream");
        _json.WriteStartObject("stream_descriptor");
        _json.WriteString("name", stream);
        _json.WriteEndObject();
        _json.WritePropertyName("stream_state");
        JsonValues.Write(_json, state);
        _json.WriteEndObject();
        if (recordCount is { } count)
        {
            _json.WriteStartObject("sourceStats");
            _json.WriteNumber("recordCount", count);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
        End();
    }

    public void WriteConnectionStatus(bool succeeded, string? message)
    {
        Begin("CONNECTION_STATUS");
        _json.WriteStartObject("connectionStatus");
        _json.WriteString("status", succeeded ? "SUCCEEDED" : "FAILED");
        if (message is not null) _json.WriteString("message", message);
        _json.WriteEndObject();
        End();
    }

    /// <summary>A CONTROL message carrying a config the connector changed (a rotated refresh token).</summary>
    public void WriteConfigUpdate(IReadOnlyDictionary<string, object?> config)
    {
        Begin("CONTROL");
        _json.WriteStartObject("control");
        _json.WriteString("type", "CONNECTOR_CONFIG");
        _json.WriteNumber("emitted_at", NowMilliseconds);
        _json.WriteStartObject("connectorConfig");
        _json.WritePropertyName("config");
        JsonValues.Write(_json, config);
        _json.WriteEndObject();
        _json.WriteEndObject();
        End();
    }

    public void WriteStreamStatus(string stream, StreamStatus status)
    {
        Begin("TRACE");
        _json.WriteStartObject("trace");
        _json.WriteString("type", "STREAM_STATUS");
        _json.WriteNumber("emitted_at", NowMilliseconds);
        _json.WriteStartObject("stream_status");
        _json.WriteStartObject("stream_descriptor");
        _json.WriteString("name", stream);
        _json.WriteEndObject();
        _json.WriteString("status", status.ToString().ToUpperInvariant());
        _json.WriteEndObject();
        _json.WriteEndObject();
        End();
    }

    private void Begin(string type)
    {
        _gate.Enter();
        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("type", type);
    }

    private void End(bool flush = true)
    {
        try
        {
            _json.WriteEndObject();
            _json.Flush();
            _buffer.GetSpan(1)[0] = (byte)'\n';
            _buffer.Advance(1);
            if (flush || _buffer.WrittenCount >= WriteThreshold) WriteBuffered(flush);
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Pushes buffered RECORD lines out (at the end of a read).</summary>
    public void Flush()
    {
        lock (_gate) WriteBuffered(flush: true);
    }

    private void WriteBuffered(bool flush)
    {
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        if (flush) _output.Flush();
    }

    /// <summary>Writes out what is still buffered; the stream stays open (its owner disposes it).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_buffer.WrittenCount > 0) WriteBuffered(flush: true);
            _json.Dispose();
        }
    }
}
