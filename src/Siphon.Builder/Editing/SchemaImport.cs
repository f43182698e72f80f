using System.Text.Json;
using Siphon.Values;

namespace Siphon.Builder.Editing;

/// <summary>
/// The "automatically import detected schema" switch of each stream, kept where the reference builder keeps it
/// (<c>metadata.autoImportSchema.&lt;stream&gt;</c>, ignored when running), and the import itself.
/// </summary>
public static class SchemaImport
{
    public static bool IsOn(StreamModel stream) =>
        ValuePath.Get(stream.Manifest.Root, "metadata", "autoImportSchema", stream.Name) is true;

    public static void Set(StreamModel stream, bool on)
    {
        var flags = ValuePath.Object(ValuePath.Object(stream.Manifest.Root, "metadata"), "autoImportSchema");
        if (on) flags[stream.Name] = true;
        else flags.Remove(stream.Name);
    }

    /// <summary>Writes a test's inferred schema as the stream's inline schema, open to fields the test did not see.</summary>
    public static bool Import(StreamModel stream, JsonElement inferred)
    {
        if (JsonValues.Parse(inferred.GetRawText()) is not Dictionary<string, object?> schema) return false;
        schema.TryAdd("additionalProperties", true);
        stream.SetSchema(schema);
        return true;
    }
}
