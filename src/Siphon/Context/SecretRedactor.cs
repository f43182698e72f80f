using System.Net;
using System.Text;

namespace Siphon;

/// <summary>
/// Replaces secrets with <c>****</c> in everything the HTTP layer reports (URLs, headers, bodies, error messages).
/// It knows the values of config fields marked <c>airbyte_secret</c> and every value registered during the run
/// (tokens obtained, Basic credentials), each also in every form it can take on the wire (<see cref="Forms"/>); the longest
/// match wins.
/// Thread-safe; adding is rare, redacting is frequent, so redaction reads an immutable snapshot.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "****";
    private const int MinimumLength = 3;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private string[] _ordered = [];

    /// <summary>Secrets of <paramref name="config"/>: values at every path marked <c>airbyte_secret</c> in <paramref name="connectionSpecification"/>.</summary>
    public static SecretRedactor FromSpec(object? connectionSpecification, IReadOnlyDictionary<string, object?>? config)
    {
        var redactor = new SecretRedactor();
        if (connectionSpecification is IReadOnlyDictionary<string, object?> schema && config is not null)
            redactor.CollectSecrets(schema, config);
        return redactor;
    }

    public bool IsEmpty => _ordered.Length == 0;

    /// <summary>Registers a secret (and its encoded forms). Values shorter than three characters are ignored.</summary>
    public void Add(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength) return;
        lock (_gate)
        {
            var added = false;
            foreach (var form in Forms(secret)) added |= _known.Add(form);
            if (added) _ordered = [.. _known.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal)];
        }
    }

    public string Redact(string text)
    {
        var secrets = _ordered;
        if (secrets.Length == 0 || string.IsNullOrEmpty(text)) return text;
        StringBuilder? output = null;
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var match = Match(secrets, text, i);
            if (match is null) { i++; continue; }
            output ??= new StringBuilder(text.Length);
            output.Append(text, start, i - start).Append(Mask);
            i += match.Length;
            start = i;
        }
        return output is null ? text : output.Append(text, start, text.Length - start).ToString();
    }

    private static string? Match(string[] secrets, string text, int at)
    {
        foreach (var secret in secrets)
            if (at + secret.Length <= text.Length && string.CompareOrdinal(text, at, secret, 0, secret.Length) == 0)
                return secret;
        return null;
    }

    /// <summary>
    /// The secret as it may appear on the wire or in a message: percent-encoded (upper- or lower-case hex, <c>+</c> or
    /// <c>%20</c> for a space, non-ASCII letters as UTF-8 bytes or left as they are, as <see cref="Uri.ToString"/> shows
    /// them), JSON-escaped (upper- or lower-case <c>\u</c> escapes, or only quotes and backslashes), and base64 (standard
    /// and URL-safe) wherever it sits in the encoded text: <c>Bearer &lt;secret&gt;</c>, <c>user:secret</c> or alone.
    /// </summary>
    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return WebUtility.UrlEncode(secret);
        foreach (var keepNonAscii in (bool[])[false, true])
        foreach (var plusForSpace in (bool[])[false, true])
        {
            var encoded = PercentEncode(secret, keepNonAscii, plusForSpace);
            yield return encoded;
            yield return LowerCaseEscapes(encoded, '%', 2);
        }
        var json = System.Text.Json.JsonEncodedText.Encode(secret).ToString();
        yield return json;
        yield return LowerCaseEscapes(json, 'u', 4);
        yield return AsciiJson(secret);
        yield return System.Text.Json.JsonEncodedText.Encode(secret, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        var bytes = Encoding.UTF8.GetBytes(secret);
        yield return Convert.ToBase64String(bytes);
        foreach (var core in Base64Cores(bytes))
        {
            yield return core;
            yield return core.Replace('+', '-').Replace('/', '_');
        }
    }

    /// <summary>Unreserved ASCII as is, the rest as <c>%XX</c> of its UTF-8 bytes (or, for non-ASCII letters, as is).</summary>
    private static string PercentEncode(string text, bool keepNonAscii, bool plusForSpace)
    {
        var output = new StringBuilder(text.Length * 3);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '_' or '~') output.Append(c);
            else if (c == ' ' && plusForSpace) output.Append('+');
            else if (c > 0x7F && keepNonAscii) output.Append(c);
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                var count = Encoding.UTF8.GetBytes(text.AsSpan(i, length), buffer);
                i += length - 1;
                foreach (var b in buffer[..count]) output.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return output.ToString();
    }

    /// <summary>JSON as Python's <c>json.dumps</c> writes it: only quotes, backslashes, control and non-ASCII characters escaped (lower-case hex).</summary>
    private static string AsciiJson(string text)
    {
        var output = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\') output.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7E) output.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else output.Append(c);
        }
        return output.ToString();
    }

    private static string LowerCaseEscapes(string text, char marker, int digits)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i + digits < chars.Length; i++)
            if (chars[i] == marker && (marker != 'u' || (i > 0 && chars[i - 1] == '\\')))
                for (var d = 1; d <= digits; d++) chars[i + d] = char.ToLowerInvariant(chars[i + d]);
        return new string(chars);
    }

    /// <summary>
    /// The base64 characters that depend only on the secret's bytes, for each of the three alignments the secret can
    /// have inside a longer encoded text (after <c>Bearer </c> or <c>user:</c>, say): the characters shared with what
    /// comes before or after are left out. Too short a core would mask unrelated text, so short ones are not used.
    /// </summary>
    private static IEnumerable<string> Base64Cores(byte[] secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + secret.Length];
            secret.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded).TrimEnd('=');
            // Whole groups of 3 bytes map to 4 characters: skip the group mixed with the bytes before, and any partial last group.
            var first = offset == 0 ? 0 : 4;
            var last = padded.Length / 3 * 4;
            if (last - first >= 8) yield return encoded[first..last];
        }
    }

    private void CollectSecrets(IReadOnlyDictionary<string, object?> schema, object? value)
    {
        if (schema.TryGetValue("airbyte_secret", out var secret) && secret is true && value is not null and not IReadOnlyDictionary<string, object?>)
            Add(value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        if (value is IReadOnlyDictionary<string, object?> obj && schema.TryGetValue("properties", out var properties) && properties is IReadOnlyDictionary<string, object?> props)
            foreach (var (name, sub) in props)
                if (sub is IReadOnlyDictionary<string, object?> subSchema && obj.TryGetValue(name, out var subValue))
                    CollectSecrets(subSchema, subValue);
        foreach (var combinator in (string[])["oneOf", "anyOf", "allOf"])
            if (schema.TryGetValue(combinator, out var options) && options is IEnumerable<object?> list)
                foreach (var option in list.OfType<IReadOnlyDictionary<string, object?>>())
                    CollectSecrets(option, value);
        if (value is IEnumerable<object?> items && schema.TryGetValue("items", out var itemSchema) && itemSchema is IReadOnlyDictionary<string, object?> itemMap)
            foreach (var item in items) CollectSecrets(itemMap, item);
    }
}
