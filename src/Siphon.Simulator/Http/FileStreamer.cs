using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>
/// Streams one generated file to a response. A producer thread writes the file into a bounded pipe (so memory stays
/// flat whatever the row count); this side skips to the Range start, withholds truncated bytes, throttles, and resets
/// the connection after the configured number of bytes.
/// </summary>
internal sealed class FileStreamer(SimulatorContext context, HttpContext http, SimJob job, GeneratedFile file, long start, long? end, bool faulty)
{
    private const int PauseWriterThreshold = 512 * 1024;
    private static readonly TimeSpan SocketDrainPause = TimeSpan.FromMilliseconds(100);

    public async Task RunAsync()
    {
        var knobs = job.Knobs;
        var response = http.Response;
        response.StatusCode = end is null ? 200 : 206;
        response.ContentType = FileFormats.ContentType(file.Format, file.Compression);
        if (end is not null) response.ContentLength = end - start;

        var holdback = faulty ? knobs.TruncateBytes : 0;
        var resetAfter = faulty ? knobs.ResetAfterBytes ?? knobs.StallAfterBytes : null;
        var stall = faulty && knobs.ResetAfterBytes is null && knobs.StallAfterBytes is not null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PauseWriterThreshold, resumeWriterThreshold: PauseWriterThreshold / 2, useSynchronizationContext: false));
        var producer = Task.Factory.StartNew(() => Produce(pipe.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var throttle = knobs.DownloadBytesPerSecond is { } rate ? new Throttle(context.Time, rate) : null;
        long position = 0, sent = 0;
        var limit = end ?? long.MaxValue;
        try
        {
            while (position < limit)
            {
                var read = await pipe.Reader.ReadAsync(stop.Token);
                var buffer = read.Buffer;
                var usable = Math.Max(0, buffer.Length - holdback);
                foreach (var segment in buffer.Slice(0, usable))
                {
                    var from = Math.Max(0, start - position);
                    var upto = Math.Min(segment.Length, limit - position);
                    if (upto > from)
                    {
                        var chunk = segment.Slice((int)from, (int)(upto - from));
                        if (resetAfter is { } cut && sent + chunk.Length >= cut)
                        {
                            await WriteAsync(chunk[..(int)(cut - sent)], throttle, sent, stop.Token);
                            await response.Body.FlushAsync(stop.Token);

                            // Flushing hands the bytes to Kestrel's transport, not yet to the socket, and aborting drops
                            // whatever the transport still holds. A short real-time pause lets the bytes reach the
                            // client first, so "reset after N bytes" delivers N bytes (the simulated clock is not used:
                            // this is about the socket, and a manual test clock would never move).
                            await Task.Delay(SocketDrainPause, TimeProvider.System, stop.Token);
                            context.Stats.BytesSent(cut - sent);
                            context.Stats.ConnectionReset();
                            // A stalled server sends nothing more and never closes: only the client can end the wait.
                            if (stall) await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
                            http.Abort();
                            return;
                        }

                        await WriteAsync(chunk, throttle, sent, stop.Token);
                        sent += chunk.Length;
                        context.Stats.BytesSent(chunk.Length);
                    }

                    position += segment.Length;
                    if (position >= limit) break;
                }

                pipe.Reader.AdvanceTo(buffer.GetPosition(usable), buffer.End);
                if (read.IsCompleted) break;
            }

            await response.Body.FlushAsync(stop.Token);
            context.Stats.DownloadCompleted();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to report to it.
        }
        finally
        {
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // The producer stops by cancellation once the response is done or abandoned.
            }
        }
    }

    private void Produce(PipeWriter writer, CancellationToken ct)
    {
        try
        {
            using (var stream = writer.AsStream(leaveOpen: true))
            {
                file.WriteTo(stream, ct);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            if (e is not OperationCanceledException) throw;
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> chunk, Throttle? throttle, long sentBefore, CancellationToken ct)
    {
        if (throttle is null)
        {
            await http.Response.Body.WriteAsync(chunk, ct);
            return;
        }

        // Small slices so the rate is smooth rather than one burst per pipe segment.
        var step = throttle.SliceSize;
        for (var offset = 0; offset < chunk.Length; offset += step)
        {
            var slice = chunk.Slice(offset, Math.Min(step, chunk.Length - offset));
            await http.Response.Body.WriteAsync(slice, ct);
            await http.Response.Body.FlushAsync(ct);
            await throttle.WaitAsync(sentBefore + offset + slice.Length, ct);
        }
    }
}
