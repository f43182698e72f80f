using System.Globalization;
using System.Text.RegularExpressions;

namespace Siphon.Testing;

/// <summary>
/// The datetime format of each top-level field, as the reference builder infers it: candidate formats are tried on a
/// field's first value, and a field is dropped for good as soon as one value fits none of the formats still possible.
/// Numbers count as Unix seconds or milliseconds only within the reference's plausible ranges.
/// </summary>
internal sealed partial class DatetimeFormatInferrer
{
    private sealed record Format(string Name, Func<object, bool> Matches);

    private static readonly Format[] Formats_ =
    [
        Text("%Y-%m-%d", "yyyy-MM-dd"),
        Text("%Y-%m-%d %H:%M:%S", "yyyy-MM-dd HH:mm:ss"),
        Text("%Y-%m-%dT%H:%M:%SZ", "yyyy-MM-dd'T'HH:mm:ss'Z'"),
        new("%Y-%m-%dT%H:%M:%S.%fZ", v => v is string s && FractionZ().IsMatch(s) && Valid(s[..19], "yyyy-MM-dd'T'HH:mm:ss")),
        new("%Y-%m-%dT%H:%M:%S%z", v => v is string s && Offset().IsMatch(s) && Valid(s[..19], "yyyy-MM-dd'T'HH:mm:ss")),
        new("%Y-%m-%dT%H:%M:%S.%f%z", v => v is string s && FractionOffset().IsMatch(s) && Valid(s[..19], "yyyy-MM-dd'T'HH:mm:ss")),
        new("%s", v => Integer(v) is >= 1_000_000_000 and < 2_000_000_000),
        new("%ms", v => Integer(v) is >= 1_000_000_000_000 and < 2_000_000_000_000),
        Text("%d/%m/%Y %H:%M", "dd/MM/yyyy HH:mm"),
        Text("%Y-%m", "yyyy-MM"),
        Text("%d-%m-%Y", "dd-MM-yyyy"),
    ];

    private readonly Dictionary<string, List<Format>?> _candidates = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(Dictionary<string, object?> record)
    {
        foreach (var (field, value) in record)
        {
            if (value is null) continue;
            if (!_candidates.TryGetValue(field, out var candidates))
            {
                _order.Add(field);
                var fitting = Formats_.Where(f => f.Matches(value)).ToList();
                _candidates[field] = fitting.Count > 0 ? fitting : null;
                continue;
            }
            if (candidates is null) continue;
            candidates.RemoveAll(f => !f.Matches(value));
            if (candidates.Count == 0) _candidates[field] = null;
        }
    }

    public Dictionary<string, string> Formats()
    {
        var formats = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in _order)
            if (_candidates[field] is [var first, ..]) formats[field] = first.Name;
        return formats;
    }

    private static Format Text(string name, string pattern) => new(name, v => v is string s && Valid(s, pattern));

    private static bool Valid(string text, string pattern) =>
        DateTime.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static long? Integer(object value) => value switch
    {
        long l => l,
        int i => i,
        string s when s.Length is > 0 and < 15 && s.All(char.IsAsciiDigit) => long.Parse(s, CultureInfo.InvariantCulture),
        _ => null,
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}Z$")]
    private static partial Regex FractionZ();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex Offset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,6}(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex FractionOffset();
}
