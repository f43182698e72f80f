using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Siphon.Values;

/// <summary>
/// Copies a JSON value from a reader to a writer token by token, writing exactly what <see cref="JsonValues.Write"/>
/// writes for the value <see cref="JsonValues.Read"/> makes of it, without making it: every scalar goes through the
/// same conversion and the same writer call (a number as the long or double the value model would hold), and a string
/// is written from its UTF-8 bytes, which the writer escapes as it escapes the same text given as characters.
/// <para>The caller has made sure the value reads without error and that no object in it repeats a key (a dictionary
/// keeps a repeated key once, which a transcription cannot); <c>JsonLineScanner</c> checks both when a line is decoded.</para>
/// </summary>
internal static class JsonTranscriber
{
    /// <summary>The reader options of <see cref="JsonValues.Parse(ReadOnlySpan{byte})"/>, so both read the same tokens.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The same without comment handling, which costs the reader a slower path on every token.</summary>
    private static readonly JsonReaderOptions WithoutComments = new() { AllowTrailingCommas = true };

    /// <summary>
    /// Options that read <paramref name="json"/> into the tokens <see cref="ReaderOptions"/> reads: a text without a
    /// <c>/</c> holds no comment, so it is read without looking for one (a profile showed the comment-skipping path).
    /// </summary>
    public static JsonReaderOptions OptionsFor(ReadOnlySpan<byte> json) => json.Contains((byte)'/') ? ReaderOptions : WithoutComments;

    /// <summary>Strings up to this many escaped bytes are unescaped on the stack.</summary>
    private const int StackLimit = 256;

    /// <summary>Writes the value whose first token the reader is on, leaving the reader on its last token.</summary>
    public static void WriteValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    WriteString(ref reader, writer, propertyName: true);
                    reader.Read();
                    WriteValue(ref reader, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    WriteValue(ref reader, writer);
                writer.WriteEndArray();
                break;
            case JsonTokenType.String: WriteString(ref reader, writer, propertyName: false); break;
            case JsonTokenType.Number: WriteNumber(ref reader, writer); break;
            case JsonTokenType.True: writer.WriteBooleanValue(true); break;
            case JsonTokenType.False: writer.WriteBooleanValue(false); break;
            case JsonTokenType.Null: writer.WriteNullValue(); break;
            default: throw new JsonException($"unexpected JSON token {reader.TokenType}");
        }
    }

    /// <summary>The number as the value model types it (a long when it is one, else a double) and writes it.</summary>
    private static void WriteNumber(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.TryGetInt64(out var whole))
        {
            writer.WriteNumberValue(whole);
            return;
        }
        var number = reader.GetDouble();
        if (double.IsFinite(number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteString(ref Utf8JsonReader reader, Utf8JsonWriter writer, bool propertyName)
    {
        if (!reader.ValueIsEscaped)
        {
            Write(writer, reader.ValueSpan, propertyName);
            return;
        }
        // An escaped string is unescaped first, so the writer escapes it afresh as it would the string's characters.
        var length = reader.ValueSpan.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Write(writer, buffer[..reader.CopyString(buffer)], propertyName);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8, bool propertyName)
    {
        if (propertyName) writer.WritePropertyName(utf8);
        else writer.WriteStringValue(utf8);
    }
}
