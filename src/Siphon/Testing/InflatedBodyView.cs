using System.IO.Compression;
using System.Text;

namespace Siphon.Testing;

/// <summary>
/// The text inside a captured gzip or zip body, so the builder's Response tab shows the download an author configures
/// rather than "binary body, N bytes". At most <see cref="MaxChars"/> characters are kept and at most
/// <see cref="MaxInflated"/> bytes inflated (a small body can inflate to gigabytes); a capture cut at its cap still
/// shows what it held.
/// </summary>
public sealed record InflatedBodyView
{
    public const int MaxChars = 64 * 1024;
    public const long MaxInflated = 16L * 1024 * 1024;

    /// <summary>gzip, or zip with its member names.</summary>
    public required string Format { get; init; }
    public required string Text { get; init; }

    /// <summary>The inflated bytes seen; the whole text when <see cref="Complete"/>.</summary>
    public long Size { get; init; }
    public bool Complete { get; init; }

    internal static InflatedBodyView? Of(byte[] bytes, SecretRedactor redactor)
    {
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x1f, 0x8b])) return Gzip(bytes, redactor);
        if (bytes.AsSpan().StartsWith("PK\x03\x04"u8)) return Zip(bytes, redactor);
        return null;
    }

    private static InflatedBodyView? Gzip(byte[] bytes, SecretRedactor redactor)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
        var (text, size, complete) = Inflate(gzip);
        return text is null ? null : new InflatedBodyView { Format = "gzip", Text = redactor.Redact(text), Size = size, Complete = complete };
    }

    private static InflatedBodyView? Zip(byte[] bytes, SecretRedactor redactor)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var text = new StringBuilder();
            long size = 0;
            var complete = true;
            foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith('/')))
            {
                if (text.Length >= MaxChars) { complete = false; break; }
                using var member = entry.Open();
                var (part, read, whole) = Inflate(member);
                text.Append("── ").Append(entry.FullName).Append(" ──\n").Append(part ?? "(not text)\n");
                size += read;
                complete &= whole;
            }
            var shown = text.Length > MaxChars ? text.ToString(0, MaxChars) : text.ToString();
            return new InflatedBodyView { Format = $"zip ({string.Join(", ", archive.Entries.Select(e => e.FullName))})", Text = redactor.Redact(shown), Size = size, Complete = complete };
        }
        catch (InvalidDataException)
        {
            return null; // a zip's directory is at its end: a capture cut at its cap cannot be opened
        }
    }

    /// <summary>The first characters as UTF-8 text (null when it is not text), the bytes inflated, and whether that was all.</summary>
    private static (string? Text, long Size, bool Complete) Inflate(Stream stream)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        long size = 0;
        var complete = false;
        try
        {
            while (size < MaxInflated)
            {
                var read = stream.Read(chunk);
                if (read == 0) { complete = true; break; }
                if (buffer.Length < MaxChars * 4) buffer.Write(chunk, 0, read);
                size += read;
            }
        }
        catch (InvalidDataException) { }
        catch (EndOfStreamException) { }
        var head = buffer.ToArray();
        var cut = !complete || head.Length < size;
        var text = BodyText.AsText(head.Length > MaxChars ? head[..MaxChars] : head, cut || head.Length > MaxChars);
        return (text, size, complete);
    }
}
