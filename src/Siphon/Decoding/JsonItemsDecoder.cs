using System.Runtime.CompilerServices;
using System.Text;
using Siphon.Components;

namespace Siphon.Decoding;

/// <summary>
/// <c>JsonItemsDecoder</c>: yields the items of the array at <c>items_path</c> (dot-separated keys, as ijson's
/// <c>items_path.item</c> prefix), one at a time. Whatever is not an array there yields nothing, as in the reference.
/// </summary>
internal sealed class JsonItemsDecoder(IReadOnlyList<string> itemsPath, Encoding encoding) : IRecordDecoder
{
    public static readonly ComponentSpec Spec = new("JsonItemsDecoder", ComponentKind.Decoder,
        "Streams the items of the JSON array found at items_path.",
        [
            Field.String("items_path", "Dot-separated keys of the array whose items are the records, e.g. data or result.rows.", required: true),
            Field.String("encoding", "Text encoding of the body (a Python codec name); non-UTF-8 bodies are transcoded.") with { Default = "utf-8" },
        ])
    {
        Factory = (node, _) => new JsonItemsDecoder(ParsePath(node), TextEncodings.FromField(node)),
        Example = "type: JsonItemsDecoder\nitems_path: data\n",
    };

    public bool AppliesRecordPath => false;

    public async IAsyncEnumerable<object?> DecodeAsync(Stream body, DecodeContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var json = new Utf8JsonStreamReader(TextEncodings.AsUtf8(body, encoding), context);
        await foreach (var value in JsonSelection.SelectAsync(json, itemsPath, itemsOnly: true, cancellationToken).ConfigureAwait(false))
            yield return value;
    }

    private static string[] ParsePath(ComponentNode node)
    {
        var text = node.Text("items_path");
        if (string.IsNullOrWhiteSpace(text))
            throw new ComponentBuildException(node.Position, node.FieldPath("items_path"), "items_path must name the array, e.g. data");
        return text.Split('.');
    }
}
