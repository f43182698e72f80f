using System.Text.Json;
using Siphon.Testing;

namespace Siphon.Builder.TestRecords;

/// <summary>
/// A stream's last test, kept with the project: the result (redacted, as the test reader made it), the hash of the
/// stream's definition it ran on (to tell "changed since its last test"), and what the primary key check found in its records.
/// </summary>
public sealed record StreamTestRecord
{
    public required string Stream { get; init; }
    public required string DefinitionHash { get; init; }
    public required StreamReadResult Result { get; init; }

    /// <summary>Records in which a field of the primary key is absent or null.</summary>
    public int PrimaryKeyMissing { get; init; }

    /// <summary>Records whose primary key an earlier record of the same test already had.</summary>
    public int PrimaryKeyDuplicated { get; init; }

    /// <summary>The record of a finished test, with the primary key checked over every record the test kept.</summary>
    public static StreamTestRecord Of(StreamReadResult result, string definitionHash, IReadOnlyList<IReadOnlyList<string>> primaryKey)
    {
        var (missing, duplicated) = (0, 0);
        if (primaryKey.Count > 0)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in result.Slices.SelectMany(s => s.Pages).SelectMany(p => p.Records))
            {
                var parts = primaryKey.Select(path => Value(record, path)).ToList();
                if (parts.Any(p => p is null)) missing++;
                else if (!seen.Add(string.Join("\u001f", parts))) duplicated++;
            }
        }
        return new StreamTestRecord { Stream = result.Stream, DefinitionHash = definitionHash, Result = result, PrimaryKeyMissing = missing, PrimaryKeyDuplicated = duplicated };
    }

    private static string? Value(JsonElement record, IReadOnlyList<string> path)
    {
        var current = record;
        foreach (var key in path)
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current)) return null;
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current.GetRawText();
    }
}
