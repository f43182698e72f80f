namespace Siphon.Builder.Editing;

/// <summary>The response formats a form offers, as decoders; a decoder the list does not name shows as "Other" and is kept.</summary>
public static class ResponseFormats
{
    public const string Other = "Other (see YAML)";

    private static readonly (string Name, string Type)[] Plain = [("JSON", "JsonDecoder"), ("XML", "XmlDecoder"), ("CSV", "CsvDecoder"), ("JSONL", "JsonlDecoder")];
    private static readonly (string Suffix, string Type)[] Archives = [(" (gzip)", "GzipDecoder"), (" (zip)", "ZipfileDecoder")];

    public static IReadOnlyList<string> Simple { get; } = Plain.Select(p => p.Name).ToList();

    public static IReadOnlyList<string> WithArchives { get; } =
        Plain.Select(p => p.Name).Concat(Archives.SelectMany(a => Plain.Select(p => p.Name + a.Suffix))).ToList();

    public static string Of(Dictionary<string, object?> retriever, string key)
    {
        if (!retriever.TryGetValue(key, out var value) || value is null) return "JSON";
        if (value is not Dictionary<string, object?> decoder) return Other;
        var type = ValuePath.Text(decoder, "type");
        var archive = Archives.FirstOrDefault(a => a.Type == type);
        if (archive.Type is not null)
        {
            var inner = ValuePath.Text(decoder, "decoder", "type") ?? "JsonDecoder";
            var plain = Plain.FirstOrDefault(p => p.Type == inner);
            return plain.Name is null ? Other : plain.Name + archive.Suffix;
        }
        var name = Plain.FirstOrDefault(p => p.Type == type).Name;
        return name ?? Other;
    }

    public static void Set(Dictionary<string, object?> retriever, string key, string format)
    {
        if (format == Other || format == Of(retriever, key)) return;
        var archive = Archives.FirstOrDefault(a => format.EndsWith(a.Suffix, StringComparison.Ordinal));
        var plainName = archive.Type is null ? format : format[..^archive.Suffix.Length];
        var plainType = Plain.First(p => p.Name == plainName).Type;
        var decoder = ManifestModel.Obj(("type", plainType));
        retriever[key] = archive.Type is null ? decoder : ManifestModel.Obj(("type", archive.Type), ("decoder", decoder));
    }
}
