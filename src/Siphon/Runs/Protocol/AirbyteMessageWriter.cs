using System.Text.Encodings.Web;
using System.Text.Json;
using Siphon.Http.ErrorHandling;
using Siphon.Source;
using Siphon.Runs;
using Siphon.Values;

namespace Siphon.Runs.Protocol;

/// <summary>
/// Writes Airbyte protocol messages, one JSON object per line, straight to a stream with
/// <see cref="Utf8JsonWriter"/>: field names and shapes exactly as the protocol's JSON Schema defines them.
/// Thread-safe (run events arrive from several threads). RECORD lines are left in the output's buffer; every other
/// message flushes, so a STATE never reaches the platform before the records it covers, nor waits behind them.
/// </summary>
public sealed class AirbyteMessageWriter : IDisposable
{
    private readonly Stream _output;
    private readonly Utf8JsonWriter _json;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public AirbyteMessageWriter(Stream output, TimeProvider? time = null)
    {
        _output = output;
        _time = time ?? TimeProvider.System;
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
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
            _json.WriteEndArray();
            if (stream.PrimaryKey.Count > 0)
            {
                _json.WritePropertyName("source_defined_primary_key");
                JsonValues.Write(_json, stream.PrimaryKey.Select(p => (object?)p.Cast<object?>().ToList()).ToList());
            }
            _json.WriteBoolean("is_resumable", false);
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
        Begin("RECORD");
        _json.WriteStartObject("record");
        _json.WriteString("stream", stream);
        _json.WritePropertyName("data");
        JsonValues.Write(_json, data);
        _json.WriteNumber("emitted_at", NowMilliseconds);
        _json.WriteEndObject();
        End(flush: false);
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
        _json.Reset(_output);
        _json.WriteStartObject();
        _json.WriteString("type", type);
    }

    private void End(bool flush = true)
    {
        try
        {
            _json.WriteEndObject();
            _json.Flush();
            _output.WriteByte((byte)'\n');
            if (flush) _output.Flush();
        }
        finally
        {
            _gate.Exit();
        }
    }

    /// <summary>Pushes buffered RECORD lines out (at the end of a read).</summary>
    public void Flush()
    {
        lock (_gate) _output.Flush();
    }

    public void Dispose() => _json.Dispose();
}
