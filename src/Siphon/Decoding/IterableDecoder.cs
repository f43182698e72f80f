using System.Runtime.CompilerServices;
using System.Text;
using Siphon.Components;
using Siphon.Values;

namespace Siphon.Decoding;

/// <summary><c>IterableDecoder</c>: each line of a text body is the record <c>{"record": line}</c>, as in the reference.</summary>
internal sealed class IterableDecoder : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("IterableDecoder", ComponentKind.Decoder,
        "Decodes a plain-text body line by line: each line becomes the record {\"record\": line}.", [])
    {
        Factory = (_, _) => new IterableDecoder(),
        Example = "type: IterableDecoder\n",
    };

    public bool AppliesRecordPath => false;

    public async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var lines = new LineReader(body);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
        {
            var record = JsonValues.NewObject(1);
            record["record"] = Decode(lines, context);
            yield return record;
        }
    }

    private static string Decode(LineReader lines, DecodeContext context)
    {
        var line = lines.Line;
        if (lines.LineNumber == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        try
        {
            return TextEncodings.StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException e)
        {
            throw new DecodeException(context, $"line {lines.LineNumber} is not valid UTF-8", lines.LineOffset, lines.LineNumber, e);
        }
    }
}
