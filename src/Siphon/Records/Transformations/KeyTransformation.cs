using Siphon.Components;

namespace Siphon.Records.Transformations;

/// <summary><c>KeyTransformation</c>: a prefix and a suffix put around each key DpathFlattenFields lifts.</summary>
public sealed record FlattenedKeyTransformation(string Prefix, string Suffix)
{
    public static readonly ComponentSpec Spec = new("KeyTransformation", ComponentKind.KeyTransformation,
        "Transformation to apply for extracted object keys by Dpath Flatten Fields",
        [
            Field.String("prefix", "Prefix to add for object keys. If not provided original keys remain unchanged."),
            Field.String("suffix", "Suffix to add for object keys. If not provided original keys remain unchanged."),
        ])
    {
        Factory = (node, _) => new FlattenedKeyTransformation(node.Text("prefix") ?? "", node.Text("suffix") ?? ""),
        Example = "type: KeyTransformation\nprefix: flattened_\n",
    };

    public string Apply(string key) => string.Concat(Prefix, key, Suffix);
}
