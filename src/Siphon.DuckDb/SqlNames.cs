using System.Text;

namespace Siphon.DuckDb;

/// <summary>Identifier quoting and the stream-name-to-table-name rule.</summary>
internal static class SqlNames
{
    public const string ExtraColumn = "_siphon_extra";
    public const string ExtractedAtColumn = "_siphon_extracted_at";
    public const string SequenceColumn = "_siphon_seq";
    public const string StateTable = "_siphon_state";

    /// <summary>Quotes an identifier; doubling quotes makes any name safe to splice into SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Quotes a string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The table a stream is written to: lower-case ASCII letters, digits and underscores, not starting with a
    /// digit, so it can be queried without quotes ("Contacts Export" becomes <c>contacts_export</c>). Leading
    /// underscores are dropped, so no stream can land on the destination's own <c>_siphon…</c> tables.
    /// </summary>
    public static string TableName(string streamName)
    {
        var builder = new StringBuilder(streamName.Length + 1);
        // Deliberately no Unicode normalisation: it depends on the ICU data present, and a table name must not
        // change from one machine to the next.
        foreach (var c in streamName)
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
            else if (builder.Length == 0 || builder[^1] != '_') builder.Append('_');
        }
        var name = builder.ToString().Trim('_');
        if (name.Length == 0) return "_stream";
        return char.IsAsciiDigit(name[0]) ? "_" + name : name;
    }

    /// <summary>A JSON path that DuckDB's json functions accept for any key, e.g. <c>$."a"."b c"</c>.</summary>
    public static string JsonPath(IEnumerable<string> keys)
    {
        var builder = new StringBuilder("$");
        foreach (var key in keys) builder.Append(".\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        return builder.ToString();
    }
}
