using Siphon.Records;
using Siphon.Decoding;
using Siphon.Records.Schema;
using Siphon.Records.Transformations;
using Siphon.Source;

namespace Siphon.Components;

/// <summary>The explicit list of every component Siphon ships with. Adding a component means adding its line here.</summary>
internal static class BuiltInComponents
{
    public static IEnumerable<ComponentSpec> All =>
    [
        // Source
        DeclarativeSource.Spec,
        DeclarativeStream.Spec,
        SpecDefinition.Component,
        CheckDefinition.Component,
        ConcurrencyLevelDefinition.Component,
        // Records
        InlineSchemaLoader.Spec,
        JsonFileSchemaLoader.Spec,
        DpathExtractor.Spec,
        RecordSelector.Spec,
        RecordFilter.Spec,
        AddFields.Spec,
        AddedField.Spec,
        RemoveFields.Spec,
        KeysToLower.Spec,
        KeysToSnakeCase.Spec,
        KeysReplace.Spec,
        // Decoding
        JsonDecoder.Spec,
        JsonItemsDecoder.Spec,
        JsonlDecoder.Spec,
        CsvDecoder.Spec,
        XmlDecoder.Spec,
        GzipDecoder.Spec,
        ZipfileDecoder.Spec,
        IterableDecoder.Spec,
    ];
}
