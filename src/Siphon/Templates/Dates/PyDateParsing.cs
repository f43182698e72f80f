using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Siphon.Templates;

/// <summary>
/// Reading dates the way the reference does: <c>strptime</c> (built, like CPython's, as a case-insensitive regex from
/// the format), dateutil's <c>isoparse</c> (what <c>str_to_datetime</c> uses; UTC when no offset), and ISO-8601 durations
/// (<c>isodate.parse_duration</c>). Values without an offset are taken as UTC.
/// </summary>
internal static partial class PyDateParsing
{
    // Strptime patterns come from the manifest's format and can backtrack badly ("%d%d%d..."); the fixed ISO and
    // duration patterns below are linear and need no timeout (a timeout there only risks spurious failures under load).
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(500);

    private static readonly string[] MonthAbbreviations = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] MonthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static DateTimeOffset Strptime(string text, string format)
    {
        var pattern = new StringBuilder("^(?:");
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                if (char.IsWhiteSpace(c)) { while (i + 1 < format.Length && char.IsWhiteSpace(format[i + 1])) i++; pattern.Append(@"\s+"); }
                else pattern.Append(Regex.Escape(c.ToString()));
                continue;
            }
            if (++i >= format.Length) throw new PyError("stray % in format '" + format + "'");
            pattern.Append(format[i] switch
            {
                'd' => @"(?<d>3[01]|[12]\d|0[1-9]|[1-9]| [1-9])",
                'f' => @"(?<f>[0-9]{1,6})",
                'H' => @"(?<H>2[0-3]|[0-1]\d|\d)",
                'I' => @"(?<I>1[0-2]|0[1-9]|[1-9])",
                'j' => @"(?<j>36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
                'm' => @"(?<m>1[0-2]|0[1-9]|[1-9])",
                'M' => @"(?<M>[0-5]\d|\d)",
                'S' => @"(?<S>6[0-1]|[0-5]\d|\d)",
                'y' => @"(?<y>\d\d)",
                'Y' => @"(?<Y>\d\d\d\d)",
                'z' => @"(?<z>[+-]\d\d:?[0-5]\d(?::?[0-5]\d(?:\.\d{1,6})?)?|Z)",
                'Z' => @"(?<Z>utc|gmt|z)",
                'b' or 'h' => @"(?<b>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
                'B' => @"(?<B>january|february|march|april|may|june|july|august|september|october|november|december)",
                'a' => @"(?:mon|tue|wed|thu|fri|sat|sun)",
                'A' => @"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
                'p' => @"(?<p>am|pm)",
                '%' => "%",
                var other => throw new PyError($"'{other}' is a bad directive in format '%{other}'"),
            });
        }
        pattern.Append(')');

        Match match;
        try
        {
            match = Regex.Match(text, pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (RegexMatchTimeoutException) { throw PyError.Sandbox($"matching '{TemplateText.Abbreviate(text, 40)}' against format '{TemplateText.Abbreviate(format, 40)}' took too long"); }
        catch (ArgumentException e) { throw new PyError($"bad strptime format '{format}': {e.Message}"); }
        if (!match.Success) throw new PyError($"time data '{text}' does not match format '{format}'");
        if (match.Length != text.Length) throw new PyError($"unconverted data remains: {text[match.Length..]}");

        int Group(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan.Trim(), CultureInfo.InvariantCulture) : fallback;

        var year = match.Groups["y"].Success ? (Group("y", 0) is var y && y < 69 ? 2000 + y : 1900 + y) : Group("Y", 1900);
        var month = Group("m", 1);
        if (match.Groups["b"].Success) month = Array.IndexOf(MonthAbbreviations, match.Groups["b"].Value.ToLowerInvariant()) + 1;
        if (match.Groups["B"].Success) month = Array.IndexOf(MonthNames, match.Groups["B"].Value.ToLowerInvariant()) + 1;
        var day = Group("d", 1);
        var hour = Group("H", 0);
        if (match.Groups["I"].Success)
        {
            hour = Group("I", 12) % 12;
            if (match.Groups["p"].Success && match.Groups["p"].Value.Equals("pm", StringComparison.OrdinalIgnoreCase)) hour += 12;
        }
        var micro = match.Groups["f"].Success ? int.Parse(match.Groups["f"].Value.PadRight(6, '0'), CultureInfo.InvariantCulture) : 0;
        var offset = match.Groups["z"].Success ? ParseOffset(match.Groups["z"].Value) : TimeSpan.Zero;
        try
        {
            var date = new DateTime(year, month, day);
            if (match.Groups["j"].Success && !match.Groups["m"].Success && !match.Groups["d"].Success)
                date = new DateTime(year, 1, 1).AddDays(Group("j", 1) - 1);
            return new DateTimeOffset(date.AddHours(hour).AddMinutes(Group("M", 0)).AddSeconds(Math.Min(Group("S", 0), 59)).AddTicks(micro * 10L), offset);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new PyError($"day is out of range for month in '{text}'");
        }
    }

    private static TimeSpan ParseOffset(string text)
    {
        if (text is "Z" or "z") return TimeSpan.Zero;
        var sign = text[0] == '-' ? -1 : 1;
        var digits = text[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var minutes = digits.Length >= 4 ? int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture) : 0;
        if (hours > 23 || minutes > 59) throw new PyError($"invalid UTC offset '{text}'");
        return sign * new TimeSpan(hours, minutes, 0);
    }

    /// <summary>dateutil's <c>isoparse</c> plus the CDK's rule that a value without an offset is UTC; the result is converted to UTC.</summary>
    public static DateTimeOffset IsoParse(string text)
    {
        var match = IsoPattern().Match(text.Trim());
        if (!match.Success) throw new PyError($"'{text}' is not an ISO-8601 date or datetime");
        int Part(string name, int fallback) => match.Groups[name].Success ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : fallback;
        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : "";
        var micro = fraction.Length == 0 ? 0 : int.Parse(fraction.Length > 6 ? fraction[..6] : fraction.PadRight(6, '0'), CultureInfo.InvariantCulture);
        var offset = match.Groups["tz"].Success ? ParseOffset(match.Groups["tz"].Value) : TimeSpan.Zero;
        var hour = Part("hour", 0);
        try
        {
            var date = new DateTime(Part("year", 1), Part("month", 1), Part("day", 1));
            if (hour == 24)
            {
                if (Part("minute", 0) != 0 || Part("second", 0) != 0 || micro != 0) throw new PyError($"hour 24 must be 24:00 in '{text}'");
                date = date.AddDays(1);
                hour = 0;
            }
            var local = date.AddHours(hour).AddMinutes(Part("minute", 0)).AddSeconds(Part("second", 0)).AddTicks(micro * 10L);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new PyError($"'{text}' is not a valid date");
        }
    }

    [GeneratedRegex(@"^(?<year>\d{4})(?:(?<dash>-?)(?<month>\d{2})(?:\k<dash>(?<day>\d{2}))?)?(?:[T ](?<hour>\d{2})(?::?(?<minute>\d{2})(?::?(?<second>\d{2})(?:[.,](?<fraction>\d+))?)?)?\s*(?<tz>[zZ]|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    /// <summary>An ISO-8601 duration: a <see cref="TimeSpan"/>, or a <see cref="CalendarDuration"/> when it has years or months.</summary>
    public static object ParseDuration(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "P" or "-P" or "+P" || text.TrimEnd().EndsWith('T'))
            throw new PyError($"'{text}' is not an ISO-8601 duration (like P1D, PT2H or P1Y2M)");
        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0;
        var sign = match.Groups["sign"].Value == "-" ? -1 : 1;
        var rest = TimeSpan.FromTicks((long)Math.Round(sign * ((Part("weeks") * 7 + Part("days")) * TimeSpan.TicksPerDay
            + Part("hours") * TimeSpan.TicksPerHour + Part("minutes") * TimeSpan.TicksPerMinute + Part("seconds") * TimeSpan.TicksPerSecond)));
        var years = Part("years");
        var months = Part("months");
        if (years == 0 && months == 0) return rest;
        if (years != Math.Floor(years) || months != Math.Floor(months)) throw new PyError($"fractional years or months are not supported in '{text}'");
        return new CalendarDuration(sign * (int)years, sign * (int)months, rest);
    }

    [GeneratedRegex(@"^(?<sign>[+-])?P(?:(?<years>\d+(?:[.,]\d+)?)Y)?(?:(?<months>\d+(?:[.,]\d+)?)M)?(?:(?<weeks>\d+(?:[.,]\d+)?)W)?(?:(?<days>\d+(?:[.,]\d+)?)D)?(?:T(?:(?<hours>\d+(?:[.,]\d+)?)H)?(?:(?<minutes>\d+(?:[.,]\d+)?)M)?(?:(?<seconds>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
