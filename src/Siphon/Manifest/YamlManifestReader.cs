using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Siphon.Manifest;

/// <summary>
/// Reads YAML text into <see cref="ManifestNode"/>s, keeping the line and column of every node and key.
/// Works on parser events rather than a deserializer so that positions, duplicate keys, anchors and
/// merge keys (<c>&lt;&lt;</c>) are all under our control.
/// </summary>
internal sealed class YamlManifestReader
{
    private readonly string _file;
    private readonly List<ManifestError> _errors;
    private readonly Dictionary<string, ManifestNode> _anchors = new(StringComparer.Ordinal);
    private readonly IParser _parser;
    private readonly ExpansionBudget _budget = new();
    private int _depth;

    /// <summary>Deeper than any real manifest; stops a hostile one before it exhausts the stack of every later stage.</summary>
    internal const int MaxDepth = 200;

    private YamlManifestReader(string file, string text, List<ManifestError> errors)
    {
        _file = file;
        _errors = errors;
        _parser = new Parser(new StringReader(text));
    }

    /// <summary>Parses the first document; syntax problems are added to <paramref name="errors"/> and null returned.</summary>
    public static ManifestNode? Read(string file, string text, List<ManifestError> errors)
    {
        var reader = new YamlManifestReader(file, text, errors);
        try
        {
            return reader.ReadDocument();
        }
        catch (YamlException e)
        {
            errors.Add(DescribeSyntaxError(file, e, text));
            return null;
        }
        catch (LimitExceeded e)
        {
            errors.Add(new ManifestError(e.Position, "", ManifestErrorKind.Syntax, e.Message));
            return null;
        }
        catch (ExpansionLimitException e)
        {
            errors.Add(new ManifestError(e.Position, "", ManifestErrorKind.Syntax, "invalid YAML: " + e.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner can fail this way (not with a YamlException) on some damaged plain scalars.
            var mark = reader._parser.Current?.End ?? Mark.Empty;
            errors.Add(new ManifestError(new SourcePosition(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column)), "", ManifestErrorKind.Syntax,
                "invalid YAML: the text after this point cannot be read (check quotes, braces and indentation)"));
            return null;
        }
    }

    private sealed class LimitExceeded(SourcePosition position, string message) : Exception(message)
    {
        public SourcePosition Position { get; } = position;
    }

    private static ManifestError DescribeSyntaxError(string file, YamlException e, string text)
    {
        var lines = text.Split('\n');
        var message = e.InnerException?.Message ?? e.Message;
        // YamlDotNet prefixes messages with its own "(Line: .., Col: ..)" coordinates; ours are already in front.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line", StringComparison.Ordinal) && close > 0) message = message[(close + 3)..];
        var position = new SourcePosition(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
        // YamlDotNet points a tab error at the enclosing mapping; point at the first tab-indented line instead.
        var tabLine = Array.FindIndex(lines, l => l.TakeWhile(c => c is ' ' or '\t').Contains('\t'));
        if (tabLine >= 0 && (message.Contains("tab", StringComparison.OrdinalIgnoreCase) || tabLine + 1 == position.Line))
            return new ManifestError(position with { Line = tabLine + 1, Column = lines[tabLine].IndexOf('\t') + 1 }, "", ManifestErrorKind.Syntax,
                "invalid YAML: a tab character is used for indentation (YAML allows only spaces)");
        return new ManifestError(position, "", ManifestErrorKind.Syntax, "invalid YAML: " + message.TrimEnd('.'));
    }

    private ManifestNode? ReadDocument()
    {
        _parser.Consume<StreamStart>();
        if (_parser.Accept<StreamEnd>(out _)) return null;
        _parser.Consume<DocumentStart>();
        var root = ReadNode();
        _parser.Consume<DocumentEnd>();
        return root;
    }

    private SourcePosition At(Mark mark) => new(_file, (int)mark.Line, (int)mark.Column);

    private ManifestNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                // Aliases are expanded by the stages that walk the tree: each counts the whole of what it repeats.
                var (nodes, bytes) = _budget.Measure(target);
                _budget.Add(nodes, bytes, At(alias.Start), $"alias '*{alias.Value.Value}'");
                return target;
            }
            _errors.Add(new ManifestError(At(alias.Start), "", ManifestErrorKind.Syntax, $"unknown YAML alias '*{alias.Value.Value}'"));
            return new ManifestScalar(At(alias.Start), "", true, null);
        }

        ManifestNode node;
        string anchor;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            var plain = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
            object? value = plain ? YamlScalarTyping.Resolve(scalar.Value) : scalar.Value;
            node = new ManifestScalar(At(scalar.Start), scalar.Value, plain, value);
            _budget.Add(1, scalar.Value.Length, At(scalar.Start), "this text");
            anchor = scalar.Anchor.IsEmpty ? "" : scalar.Anchor.Value;
        }
        else if (_parser.TryConsume<SequenceStart>(out var sequence))
        {
            var items = new List<ManifestNode>();
            Enter(sequence.Start);
            while (!_parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode());
            _depth--;
            node = new ManifestList(At(sequence.Start), items);
            anchor = sequence.Anchor.IsEmpty ? "" : sequence.Anchor.Value;
        }
        else
        {
            var mapping = _parser.Consume<MappingStart>();
            Enter(mapping.Start);
            node = ReadMapping(At(mapping.Start));
            _depth--;
            anchor = mapping.Anchor.IsEmpty ? "" : mapping.Anchor.Value;
        }
        if (anchor.Length > 0) _anchors[anchor] = node;
        return node;
    }

    private void Enter(Mark start)
    {
        if (++_depth > MaxDepth) throw new LimitExceeded(At(start), $"invalid YAML: the document nests deeper than {MaxDepth} levels");
    }

    private ManifestMap ReadMapping(SourcePosition position)
    {
        var entries = new List<ManifestEntry>();
        var merged = new List<ManifestEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode();
            var value = ReadNode();
            var key = keyNode is ManifestScalar s ? s.Text : keyNode.KindName;
            if (key == "<<" && keyNode is ManifestScalar { IsPlain: true })
            {
                merged.AddRange(MergeSources(value));
                continue;
            }
            if (!seen.Add(key))
            {
                // PyYAML, which the reference reads manifests with, keeps the last value where the key first stood.
                var first = entries.FindIndex(e => e.Key == key);
                _errors.Add(new ManifestError(keyNode.Position, "", ManifestErrorKind.DuplicateKey,
                    $"duplicate key '{key}' (already defined at line {entries[first].KeyPosition.Line}); the last value is used, as the reference does",
                    ManifestSeverity.Warning));
                entries[first] = new ManifestEntry(key, keyNode.Position, value);
                continue;
            }
            entries.Add(new ManifestEntry(key, keyNode.Position, value));
        }
        // YAML merge keys: explicit keys win over merged ones.
        foreach (var entry in merged)
            if (seen.Add(entry.Key)) entries.Add(entry);
        return new ManifestMap(position, entries);
    }

    private IEnumerable<ManifestEntry> MergeSources(ManifestNode value) => value switch
    {
        ManifestMap map => map.Entries,
        ManifestList list => list.Items.OfType<ManifestMap>().SelectMany(m => m.Entries),
        _ => [],
    };
}
