namespace Siphon.Manifest;

/// <summary>
/// Resolves references the way the reference does: a <c>$ref</c> key is replaced by its target, whose keys the
/// sibling keys override (a shallow merge); a bare string starting with <c>#/</c> anywhere is a reference too.
/// A <c>$ref</c> whose target is not a mapping replaces the whole node, siblings included.
/// Every problem is collected; a broken reference resolves to null so validation can go on.
/// </summary>
internal sealed class ReferenceResolver
{
    private const string RefKey = "$ref";
    private readonly ManifestNode _root;
    private readonly List<ManifestError> _errors;
    private readonly Dictionary<string, ManifestNode> _resolvedTargets = new(StringComparer.Ordinal);
    private readonly List<string> _chain = [];
    private readonly ExpansionBudget _budget = new();

    /// <summary>A reference whose target holds a reference... this deep is an attack on the stack, not a manifest.</summary>
    private const int MaxChain = 200;

    private ReferenceResolver(ManifestNode root, List<ManifestError> errors)
    {
        _root = root;
        _errors = errors;
    }

    public static ManifestNode Resolve(ManifestNode root, List<ManifestError> errors)
    {
        try
        {
            return new ReferenceResolver(root, errors).Evaluate(root);
        }
        catch (ExpansionLimitException e)
        {
            errors.Add(new ManifestError(e.Position, "", ManifestErrorKind.InvalidReference, e.Message));
            return new ManifestScalar(root.Position, "", true, null);
        }
    }

    public static bool IsReference(string text) => text.StartsWith("#/", StringComparison.Ordinal);

    private ManifestNode Evaluate(ManifestNode node)
    {
        switch (node)
        {
            case ManifestMap map:
                var own = new List<ManifestEntry>(map.Entries.Count);
                foreach (var entry in map.Entries)
                    if (entry.Key != RefKey) own.Add(entry with { Value = Evaluate(entry.Value) });
                var refEntry = map.Entry(RefKey);
                if (refEntry is null) return new ManifestMap(map.Position, own);
                if (refEntry.Value is not ManifestScalar { Value: string refText })
                {
                    _errors.Add(new ManifestError(refEntry.Value.Position, "", ManifestErrorKind.InvalidReference,
                        $"'$ref' must be a string such as \"#/definitions/name\", not a {refEntry.Value.KindName}"));
                    return new ManifestMap(map.Position, own);
                }
                if (!IsReference(refText))
                {
                    _errors.Add(new ManifestError(refEntry.Value.Position, "", ManifestErrorKind.InvalidReference,
                        $"'$ref' must be a reference such as \"#/definitions/name\", not '{refText}'"));
                    return new ManifestMap(map.Position, own);
                }
                var target = EvaluateReference(refText, refEntry.Value.Position);
                if (target is not ManifestMap targetMap) return target;
                var merged = new List<ManifestEntry>(targetMap.Entries.Count + own.Count);
                var overridden = own.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
                merged.AddRange(targetMap.Entries.Where(e => !overridden.Contains(e.Key)));
                merged.AddRange(own);
                return new ManifestMap(map.Position, merged);
            case ManifestList list:
                return new ManifestList(list.Position, list.Items.Select(Evaluate).ToList());
            case ManifestScalar { Value: string text } scalar when IsReference(text):
                return EvaluateReference(text, scalar.Position);
            default:
                return node;
        }
    }

    private ManifestNode EvaluateReference(string reference, SourcePosition at)
    {
        var target = Target(reference, at);
        // Every use of a reference is a copy for the stages after this one: each counts the whole of its target.
        var (nodes, bytes) = _budget.Measure(target);
        _budget.Add(nodes, bytes, at, $"reference '{reference}'");
        return target;
    }

    private ManifestNode Target(string reference, SourcePosition at)
    {
        if (_resolvedTargets.TryGetValue(reference, out var cached)) return cached;
        if (_chain.Contains(reference))
        {
            var cycle = string.Join(" -> ", _chain.SkipWhile(r => r != reference).Append(reference));
            _errors.Add(new ManifestError(at, "", ManifestErrorKind.CircularReference, $"circular reference: {cycle}"));
            return new ManifestScalar(at, "", true, null);
        }
        if (_chain.Count >= MaxChain)
        {
            _errors.Add(new ManifestError(at, "", ManifestErrorKind.InvalidReference, $"references nest deeper than {MaxChain} levels (at '{reference}')"));
            return new ManifestScalar(at, "", true, null);
        }
        var raw = Lookup(reference, at);
        if (raw is null) return new ManifestScalar(at, "", true, null);
        _chain.Add(reference);
        var resolved = Evaluate(raw);
        _chain.RemoveAt(_chain.Count - 1);
        _resolvedTargets[reference] = resolved;
        return resolved;
    }

    private ManifestNode? Lookup(string reference, SourcePosition at)
    {
        var node = _root;
        var walked = "#";
        foreach (var rawPart in reference[2..].Split('/'))
        {
            var part = rawPart.Replace("~1", "/").Replace("~0", "~");
            ManifestNode? next = node switch
            {
                ManifestMap map => map[part],
                ManifestList list when int.TryParse(part, out var i) && i >= 0 && i < list.Items.Count => list.Items[i],
                _ => null,
            };
            if (next is null)
            {
                var hint = node is ManifestMap m && m.Entries.Count > 0
                    ? NameSuggester.Suggestion(part, m.Entries.Select(e => e.Key))
                    : "";
                _errors.Add(new ManifestError(at, "", ManifestErrorKind.DanglingReference,
                    $"reference '{reference}' points to nothing: '{walked}' has no '{part}'{hint}"));
                return null;
            }
            walked += "/" + part;
            node = next;
        }
        return node;
    }
}
