using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Records.Transformations;

/// <summary>Rewrites every top-level key of a record, keeping the field order.</summary>
public abstract class KeyTransformation : IRecordTransformation
{
    protected abstract string Rename(string key, TemplateScope scope);

    public void Transform(Dictionary<string, object?> record, TemplateScope scope)
    {
        var count = record.Count;
        var entries = ArrayPool<KeyValuePair<string, object?>>.Shared.Rent(count);
        try
        {
            ((ICollection<KeyValuePair<string, object?>>)record).CopyTo(entries, 0);
            record.Clear();
            for (var i = 0; i < count; i++) record[Rename(entries[i].Key, scope)] = entries[i].Value;
        }
        finally
        {
            ArrayPool<KeyValuePair<string, object?>>.Shared.Return(entries, clearArray: true);
        }
    }
}

/// <summary>
/// Remembers the renames of a key transformation that depends on the key alone: the rows of one download share their
/// column names, so each name is converted once instead of once per record. Bounded, for records with ever-new keys.
/// </summary>
internal sealed class RenameCache(Func<string, string> rename)
{
    private const int Capacity = 4096;
    private readonly ConcurrentDictionary<string, string> _renamed = new(StringComparer.Ordinal);

    public string Rename(string key)
    {
        if (_renamed.TryGetValue(key, out var renamed)) return renamed;
        renamed = rename(key);
        if (_renamed.Count < Capacity) _renamed.TryAdd(key, renamed);
        return renamed;
    }
}

/// <summary>
/// A key transformation whose rename reads the key alone: each name is converted once (<see cref="RenameCache"/>), and
/// rows that share their names share the renamed names, so a batch of text rows or JSON lines is renamed once, not per row.
/// </summary>
public abstract class KeyOnlyTransformation : KeyTransformation, IBatchTransformation
{
    private readonly RenameCache _cache;

    private protected KeyOnlyTransformation(Func<string, string> rename) => _cache = new RenameCache(rename);

    protected sealed override string Rename(string key, TemplateScope scope) => _cache.Rename(key);

    public RecordBatch? Transform(RecordBatch batch, TemplateScope scope) => batch.Renamed(_cache.Rename);
}

/// <summary>Lower-cases every key (SendGrid's upper-case CSV headers become its schema's names).</summary>
public sealed class KeysToLower() : KeyOnlyTransformation(static key => key.ToLowerInvariant())
{
    public static readonly ComponentSpec Spec = new("KeysToLower", ComponentKind.Transformation, "Lower-cases every key of each record.", [])
    {
        Factory = (_, _) => new KeysToLower(),
        Example = "type: KeysToLower\n",
    };
}

/// <summary>Turns keys such as <c>firstName</c> or <c>First Name</c> into <c>first_name</c>.</summary>
public sealed class KeysToSnakeCase() : KeyOnlyTransformation(SnakeCase)
{
    public static readonly ComponentSpec Spec = new("KeysToSnakeCase", ComponentKind.Transformation, "Converts every key of each record to snake_case.", [])
    {
        Factory = (_, _) => new KeysToSnakeCase(),
        Example = "type: KeysToSnakeCase\n",
    };

    private static string SnakeCase(string key)
    {
        var text = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsLetterOrDigit(c))
            {
                var boundary = char.IsUpper(c) && i > 0 && (char.IsLower(key[i - 1]) || char.IsDigit(key[i - 1]) ||
                    (i + 1 < key.Length && char.IsLower(key[i + 1]) && char.IsUpper(key[i - 1])));
                if (boundary && text.Length > 0 && text[^1] != '_') text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            else if (text.Length > 0 && text[^1] != '_') text.Append('_');
        }
        var result = text.ToString().Trim('_');
        return result.Length > 0 && char.IsDigit(result[0]) ? "_" + result : result;
    }
}

/// <summary>Replaces a substring in every key; both strings may be templates.</summary>
public sealed class KeysReplace(Template old, Template replacement) : KeyTransformation
{
    public static readonly ComponentSpec Spec = new("KeysReplace", ComponentKind.Transformation, "Replaces a substring in every key of each record.",
        [Field.Template("old", "The text to replace.", required: true), Field.Template("new", "The replacement.", required: true)])
    {
        Factory = (node, _) => new KeysReplace(Template.Compile(node.Text("old") ?? "", node.FieldPath("old")), Template.Compile(node.Value("new") is Manifest.ManifestScalar s ? s.Text : "", node.FieldPath("new"))),
        Example = "type: KeysReplace\nold: \" \"\nnew: _\n",
    };

    protected override string Rename(string key, TemplateScope scope)
    {
        var from = old.Render(scope);
        return from.Length == 0 ? key : key.Replace(from, replacement.Render(scope), StringComparison.Ordinal);
    }
}
