using System.Globalization;

namespace Siphon.DuckDb;

/// <summary>
/// Parses the timestamp shapes APIs actually send (<c>2024-01-02T03:04:05.123Z</c>, with a space instead of
/// <c>T</c>, an offset, or no zone meaning UTC) without the general parser's cost, which dominated the record
/// path; anything else falls back to <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
/// </summary>
internal static class IsoTimestamp
{
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset result)
        => TryParseFast(text, out result)
           || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result);

    private static bool TryParseFast(ReadOnlySpan<char> s, out DateTimeOffset result)
    {
        result = default;
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') || s[13] != ':' || s[16] != ':')
            return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;

        var position = 19;
        long fractionTicks = 0;
        if (position < s.Length && s[position] == '.')
        {
            var scale = (long)TimeSpan.TicksPerSecond;
            var start = ++position;
            while (position < s.Length && char.IsAsciiDigit(s[position]))
            {
                // Digits beyond 100 ns are below what either side stores; they are read and dropped.
                if (scale > 1) { scale /= 10; fractionTicks += (s[position] - '0') * scale; }
                position++;
            }
            if (position == start) return false;
        }

        var offset = TimeSpan.Zero;
        if (position < s.Length)
        {
            var sign = s[position];
            if ((sign == 'Z' || sign == 'z') && position + 1 == s.Length) { }
            else if (sign is '+' or '-')
            {
                var zone = s[(position + 1)..];
                int offsetHours, offsetMinutes;
                if (zone.Length == 5 && zone[2] == ':' && Digits(zone, 0, 2, out offsetHours) && Digits(zone, 3, 2, out offsetMinutes)) { }
                else if (zone.Length == 4 && Digits(zone, 0, 2, out offsetHours) && Digits(zone, 2, 2, out offsetMinutes)) { }
                else return false;
                if (offsetHours > 14 || offsetMinutes > 59) return false;
                offset = new TimeSpan(offsetHours, offsetMinutes, 0);
                if (sign == '-') offset = -offset;
            }
            else return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        // Near year 1 or 9999 an offset can push the UTC instant out of range: leave those to the general parser.
        var utcTicks = ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        result = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }
}
