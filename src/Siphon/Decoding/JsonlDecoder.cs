using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Siphon.Components;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary>
/// <c>JsonlDecoder</c>: one JSON value per line; blank lines are skipped. A line that is not JSON is an error naming
/// the line (the reference skips it with a warning, which loses records quietly).
/// </summary>
internal sealed class JsonlDecoder(Encoding encoding) : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("JsonlDecoder", ComponentKind.Decoder,
        "Decodes JSON Lines: each line is one record.",
        [Field.String("encoding", "Text encoding of the body (a Python codec name); non-UTF-8 bodies are transcoded.") with { Default = "utf-8" }])
    {
        Factory = (node, _) => new JsonlDecoder(TextEncodings.FromField(node)),
        Example = "type: JsonlDecoder\n",
    };

    public bool AppliesRecordPath => false;

    public IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, CancellationToken cancellationToken) =>
        CompressedBody.DecodeAsync(body, context, this, plain => DecodeTextAsync(plain, context, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<object?> DecodeTextAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineReader(TextEncodings.AsUtf8(body, encoding));
        var keys = new JsonKeyCache();
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            if (lines.LineNumber == 1 && BodyPreview.LooksLikeHtml(lines.Line))
                throw new DecodeException(context, $"expected JSON lines but the body looks like HTML ({BodyPreview.Quote(lines.Line)})", 0, 1,
                    failure: DecodeFailure.ErrorPage);
            if (lines.Line.IndexOfAnyExcept(" \t\r"u8) < 0) continue;
            yield return ParseLine(lines, keys, context);
        }
    }

    private static object? ParseLine(LineReader lines, JsonKeyCache keys, DecodeContext context)
    {
        var line = lines.Line;
        if (lines.LineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        try
        {
            return JsonValues.Parse(line, keys);
        }
        catch (JsonException e)
        {
            var column = e.BytePositionInLine ?? 0;
            var reason = e.Message;
            var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) reason = reason[..cut];
            return Throw(new DecodeException(context, $"line {lines.LineNumber} is not valid JSON at column {column + 1}: {reason}",
                lines.LineOffset + column, lines.LineNumber, e));
        }
    }

    private static object? Throw(DecodeException e) => throw e;
}
