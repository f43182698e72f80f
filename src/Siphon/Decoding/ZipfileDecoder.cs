using System.IO.Compression;
using System.Runtime.CompilerServices;
using Siphon.Components;

namespace Siphon.Decoding;

/// <summary>
/// <c>ZipfileDecoder</c>: a zip archive whose members (in archive order; directories skipped) are each streamed to the
/// inner decoder. A zip's directory sits at its end, so the body is first spooled to a temporary file (deleted when
/// done), never into memory; each member is then inflated as the inner decoder reads it.
/// </summary>
internal sealed class ZipfileDecoder(IRecordDecoder inner) : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("ZipfileDecoder", ComponentKind.Decoder,
        "Decodes each member of a zip archive with the inner decoder.",
        [Field.Component("decoder", ComponentKind.Decoder, "Decodes each member's bytes (CsvDecoder, JsonDecoder, JsonlDecoder, GzipDecoder...).", implied: "JsonDecoder", required: true)])
    {
        Factory = (node, context) => new ZipfileDecoder(context.Build<IRecordDecoder>(node.Child("decoder")!)),
        Example = "type: ZipfileDecoder\ndecoder:\n  type: CsvDecoder\n  encoding: utf-8-sig\n  set_values_to_none: [\"\", \"--\"]\n",
    };

    public bool AppliesRecordPath => inner.AppliesRecordPath;

    public async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"siphon-{Guid.NewGuid():N}.zip");
        await using var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await body.CopyToAsync(spool, cancellationToken).ConfigureAwait(false);
        spool.Position = 0;
        using var archive = Open(spool, context);
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.EndsWith('/') && entry.Length == 0) continue;
            var memberContext = context with { Member = entry.FullName };
            await using var member = new MemberStream(await OpenAsync(entry, memberContext, cancellationToken).ConfigureAwait(false), memberContext);
            await foreach (var value in inner.DecodeAsync(member, memberContext, cancellationToken).ConfigureAwait(false))
                yield return value;
        }
    }

    private static ZipArchive Open(FileStream spool, DecodeContext context)
    {
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(spool, ZipArchiveMode.Read, leaveOpen: true);
            // The central directory is read lazily; damage there surfaces on first access, so make that happen here.
            _ = archive.Entries;
            return archive;
        }
        catch (InvalidDataException e)
        {
            archive?.Dispose();
            spool.Position = 0;
            var buffer = new byte[160];
            var head = buffer.AsSpan(0, spool.Read(buffer));
            var what = head.Length == 0 ? "the body is empty"
                : BodyPreview.LooksLikeHtml(head) ? $"the body looks like HTML ({BodyPreview.Quote(head)})"
                : head.StartsWith("PK"u8) ? $"its central directory is missing or damaged (truncated after {spool.Length} bytes?)"
                : $"the body does not start like one ({BodyPreview.Quote(head)})";
            var failure = BodyPreview.LooksLikeHtml(head) ? DecodeFailure.ErrorPage : head.StartsWith("PK"u8) ? DecodeFailure.Truncated : DecodeFailure.Malformed;
            throw new DecodeException(context, $"expected a zip archive but {what}", inner: e, failure: failure);
        }
    }

    private static async Task<Stream> OpenAsync(ZipArchiveEntry entry, DecodeContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new DecodeException(context, $"cannot open the member: {e.Message}", inner: e);
        }
    }

    /// <summary>A member's inflated bytes, with the archive's errors (bad data, CRC mismatch) named as decode errors.</summary>
    private sealed class MemberStream(Stream member, DecodeContext context) : ReadOnlyStream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                var n = await member.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _read += n;
                return n;
            }
            catch (InvalidDataException e)
            {
                throw new DecodeException(context, $"corrupt zip member data after {_read} inflated bytes: {e.Message}", _read, inner: e);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) member.Dispose();
            base.Dispose(disposing);
        }
    }
}
