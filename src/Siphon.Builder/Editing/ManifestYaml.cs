using Siphon.Manifest;
using Siphon.Values;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Siphon.Builder.Editing;

/// <summary>Manifest text to values and back, references left as written (the builder edits what the author wrote, not its resolution).</summary>
public static class ManifestYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .DisableAliases()
        .WithEventEmitter(next => new EngineQuoting(next))
        .Build();

    /// <summary>The manifest's values, or the syntax errors (with their lines) that stop it from being read.</summary>
    public static (Dictionary<string, object?>? Root, IReadOnlyList<ManifestError> Errors) Parse(string yaml)
    {
        var document = ManifestDocument.Parse("manifest.yaml", yaml);
        var syntax = document.Errors.Where(e => e.Kind is ManifestErrorKind.Syntax or ManifestErrorKind.DuplicateKey && e.Severity == ManifestSeverity.Error).ToList();
        if (syntax.Count > 0 || document.Raw is null) return (null, syntax.Count > 0 ? syntax : [new ManifestError(new SourcePosition("manifest.yaml", 1, 1), "", ManifestErrorKind.Syntax, "the manifest is empty")]);
        if (document.Raw.ToValue() is not Dictionary<string, object?> root)
            return (null, [new ManifestError(document.Raw.Position, "", ManifestErrorKind.WrongType, "the manifest must be a mapping (version, streams, spec...)")]);
        return (root, []);
    }

    public static string ToYaml(object? value) => Serializer.Serialize(Plain(value));

    // YamlDotNet writes dictionaries and lists of plain values; numbers keep their type, so "5" stays a string.
    private static object? Plain(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Plain(p.Value)),
        List<object?> list => list.Select(Plain).ToList(),
        _ => value,
    };

    public static Dictionary<string, object?> NewObject(params (string Key, object? Value)[] pairs)
    {
        var map = JsonValues.NewObject(pairs.Length);
        foreach (var (key, value) in pairs) map[key] = value;
        return map;
    }

    /// <summary>
    /// Quotes every string the engine would read as something else when plain. The engine types scalars the way the
    /// reference's YAML 1.1 loader does (<c>1_3</c> is 13, <c>yes</c> is true), where YamlDotNet's own check is YAML 1.2's.
    /// </summary>
    private sealed class EngineQuoting(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text && !PlainScalar.ReadsAsText(text))
                eventInfo.Style = ScalarStyle.DoubleQuoted;
            base.Emit(eventInfo, emitter);
        }
    }
}
