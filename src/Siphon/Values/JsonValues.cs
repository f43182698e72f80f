using System.Globalization;
using System.Text.Json;

namespace Siphon.Values;

/// <summary>
/// The engine's one value model, shared by manifests, templates, records and state.
/// A value is a plain CLR object so that no layer needs a DOM:
/// <c>null</c>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <see cref="string"/>,
/// <see cref="List{T}"/> of values (a JSON array) and <see cref="Dictionary{TKey,TValue}"/> with ordinal
/// string keys (a JSON object, insertion-ordered). Templates may also produce
/// <see cref="DateTimeOffset"/> and <see cref="TimeSpan"/>, which serialise as ISO-8601 text.
/// </summary>
public static class JsonValues
{
    public static Dictionary<string, object?> NewObject(int capacity = 0) => new(capacity, StringComparer.Ordinal);

    /// <summary>Parses one JSON document (UTF-8) into the value model.</summary>
    public static object? Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read()) throw new JsonException("empty JSON document");
        var value = Read(ref reader);
        if (reader.Read()) throw new JsonException($"unexpected content after the JSON value at byte {reader.TokenStartIndex}");
        return value;
    }

    public static object? Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Parses one of a series of documents (JSON lines): a top-level object takes its key strings from
    /// <paramref name="keys"/> when they repeat the previous object's, and is sized like it.
    /// </summary>
    internal static object? Parse(ReadOnlySpan<byte> utf8Json, JsonKeyCache keys)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read()) throw new JsonException("empty JSON document");
        object? value;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var map = NewObject(keys.LastCount);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = keys.Key(ref reader, map.Count);
                reader.Read();
                map[key] = Read(ref reader);
            }
            keys.LastCount = map.Count;
            value = map;
        }
        else value = Read(ref reader);
        if (reader.Read()) throw new JsonException($"unexpected content after the JSON value at byte {reader.TokenStartIndex}");
        return value;
    }

    /// <summary>Reads the value whose first token the reader is positioned on (requires the whole value buffered).</summary>
    public static object? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = NewObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = StringOf(ref reader);
                    reader.Read();
                    map[key] = Read(ref reader);
                }
                return map;
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    list.Add(Read(ref reader));
                return list;
            case JsonTokenType.String: return StringOf(ref reader);
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble();
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Null: return null;
            default: throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>
    /// The reader's string or property name. Utf8JsonReader validates UTF-8 only when a string is transcoded, and then
    /// throws InvalidOperationException; as a JsonException it reaches the callers' malformed-JSON handling.
    /// </summary>
    public static string StringOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException($"a string holds invalid UTF-8 at byte {reader.TokenStartIndex}", null, null, reader.TokenStartIndex, e);
        }
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DateTimeOffset dt: writer.WriteStringValue(dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFzzz", CultureInfo.InvariantCulture)); break;
            case TimeSpan ts: writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture)); break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map) { writer.WritePropertyName(k); Write(writer, v); }
                writer.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static string ToJson(object? value, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
