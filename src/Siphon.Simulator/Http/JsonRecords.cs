using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>Writes a page of generated records as JSON straight to the response (integers as numbers, the rest strings).</summary>
internal static class JsonRecords
{
    public static async Task WriteEnvelopeAsync(HttpContext http, Dataset dataset, long first, long count, SimulatorStats stats,
        Action<Utf8JsonWriter>? envelope, string? arrayProperty)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var counting = new ByteCountingStream(http.Response.Body);
        // Relaxed escaping writes "&" and "é" as themselves, as most real APIs do (still valid JSON).
        await using (var writer = new Utf8JsonWriter(counting, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (arrayProperty is not null)
            {
                writer.WriteStartObject();
                envelope?.Invoke(writer);
                writer.WriteStartArray(arrayProperty);
            }
            else
            {
                writer.WriteStartArray();
            }

            var columns = dataset.Schema.Columns;
            var values = new string[columns.Count];
            for (var row = first; row < first + count; row++)
            {
                dataset.Fill(row, values);
                writer.WriteStartObject();
                for (var i = 0; i < values.Length; i++)
                {
                    writer.WritePropertyName(columns[i].Name);
                    if (columns[i].IsInteger) writer.WriteRawValue(values[i], skipInputValidation: true);
                    else writer.WriteStringValue(values[i]);
                }

                writer.WriteEndObject();
                if (writer.BytesPending > 16 * 1024) await writer.FlushAsync(http.RequestAborted);
            }

            writer.WriteEndArray();
            if (arrayProperty is not null) writer.WriteEndObject();
        }

        stats.BytesSent(counting.Count);
    }

    /// <summary>Passes writes through to the response, counting them for the stats.</summary>
    private sealed class ByteCountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => throw new NotSupportedException("synchronous I/O is not allowed on responses");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous I/O is not allowed on responses");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
