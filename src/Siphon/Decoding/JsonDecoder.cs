using System.Runtime.CompilerServices;
using System.Text;
using Siphon.Components;

namespace Siphon.Decoding;

/// <summary>
/// <c>JsonDecoder</c>: a JSON body. A top-level array yields its items and anything else is one value; with a record
/// path (<see cref="DecodeContext.RecordPath"/>) the records under it are yielded as they are read, so a huge array under
/// <c>data</c> never sits in memory. An empty body yields nothing; any other body that is not JSON is an error (the
/// reference yields <c>{}</c> and so silently reads zero records).
/// </summary>
internal sealed class JsonDecoder(Encoding encoding) : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("JsonDecoder", ComponentKind.Decoder,
        "Decodes a JSON body: the items of a top-level array, or the document (streamed under the extractor's field path).",
        [Field.String("encoding", "Text encoding of the body (a Python codec name); non-UTF-8 bodies are transcoded.") with { Default = "utf-8" }])
    {
        Factory = (node, _) => new JsonDecoder(TextEncodings.FromField(node)),
        Example = "type: JsonDecoder\n",
    };

    public bool AppliesRecordPath => true;

    public async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var json = new Utf8JsonStreamReader(TextEncodings.AsUtf8(body, encoding), context);
        await foreach (var value in JsonSelection.SelectAsync(json, context.RecordPath, itemsOnly: false, cancellationToken).ConfigureAwait(false))
            yield return value;
    }
}
