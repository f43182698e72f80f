using System.Globalization;
using Siphon.Templates;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>Date arithmetic and keys shared by cursors: ISO-8601 durations, parsing with several formats, partition keys.</summary>
internal static class CursorValues
{
    /// <summary>A duration as <see cref="PyDateParsing.ParseDuration"/> gives it (a TimeSpan or a calendar duration).</summary>
    public static object? Duration(string? text) => string.IsNullOrWhiteSpace(text) ? null : PyDateParsing.ParseDuration(text);

    public static DateTimeOffset Add(DateTimeOffset value, object? duration, int sign = 1) => duration switch
    {
        null => value,
        TimeSpan span => value + (sign * span),
        CalendarDuration calendar => (sign < 0 ? calendar.Negate() : calendar).AddTo(value),
        _ => throw new InvalidOperationException($"not a duration: {duration}"),
    };

    public static bool IsPositive(object? duration) => duration switch
    {
        TimeSpan span => span > TimeSpan.Zero,
        CalendarDuration calendar => calendar.Years > 0 || calendar.Months > 0 || calendar.Rest > TimeSpan.Zero,
        _ => false,
    };

    /// <summary>Parses a datetime with the first format that reads it; null when none does.</summary>
    public static DateTimeOffset? TryParse(object? value, IReadOnlyList<string> formats)
    {
        if (value is DateTimeOffset direct) return direct;
        if (value is null || value is "") return null;
        foreach (var format in formats)
        {
            try { return CdkDatetimeFormat.Parse(value, format); }
            catch (PyError) { }
            catch (FormatException) { }
            catch (OverflowException) { }
            catch (ArgumentException) { }
        }
        return null;
    }

    /// <summary>A partition's identity in state: its JSON with keys sorted at every level (as the reference serialises it).</summary>
    public static string PartitionKey(IReadOnlyDictionary<string, object?> partition) => JsonValues.ToJson(Sorted(partition));

    private static object? Sorted(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Aggregate(JsonValues.NewObject(map.Count), (d, e) => { d[e.Key] = Sorted(e.Value); return d; }),
        List<object?> list => list.Select(Sorted).ToList(),
        _ => value,
    };

    public static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
