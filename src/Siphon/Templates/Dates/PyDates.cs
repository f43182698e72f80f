using System.Globalization;
using System.Text;

namespace Siphon.Templates;

/// <summary>
/// Python's datetime behaviour over <see cref="DateTimeOffset"/> (a timezone-aware datetime, microsecond precision)
/// and <see cref="DateOnly"/> (a date): <c>strftime</c> with the glibc extensions Linux Python passes through
/// (<c>%s</c>, <c>%-d</c>), <c>isoformat</c>, and <c>timestamp()</c>.
/// </summary>
internal static class PyDates
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] MonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly DateTimeOffset Epoch = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Microsecond(DateTimeOffset value) => (int)(value.Ticks % TimeSpan.TicksPerSecond / 10);

    /// <summary>Python datetimes have microsecond precision; the clock's 100 ns ticks would print a different %f.</summary>
    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) => value.AddTicks(-(value.Ticks % 10));

    public static double Timestamp(DateTimeOffset value) => (value.UtcTicks - Epoch.UtcTicks) / 10 / 1_000_000.0;

    public static DateTimeOffset FromTimestamp(double seconds)
    {
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > 253_402_300_799) throw new PyError($"timestamp {PyText.FloatRepr(seconds)} is out of range");
        return Epoch.AddTicks((long)Math.Round(seconds * 1_000_000) * 10);
    }

    public static string IsoFormat(DateTimeOffset value, char separator, string timespec)
    {
        var text = new StringBuilder(32);
        text.Append(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(separator);
        var micro = Microsecond(value);
        switch (timespec)
        {
            case "hours": text.Append(value.ToString("HH", CultureInfo.InvariantCulture)); break;
            case "minutes": text.Append(value.ToString("HH:mm", CultureInfo.InvariantCulture)); break;
            case "seconds": text.Append(value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)); break;
            case "milliseconds": text.Append(value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append('.').Append((micro / 1000).ToString("000", CultureInfo.InvariantCulture)); break;
            case "microseconds": text.Append(value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Append('.').Append(micro.ToString("000000", CultureInfo.InvariantCulture)); break;
            case "auto":
                text.Append(value.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
                if (micro != 0) text.Append('.').Append(micro.ToString("000000", CultureInfo.InvariantCulture));
                break;
            default: throw new PyError($"unknown timespec value '{timespec}'");
        }
        AppendOffset(text, value.Offset, ":");
        return text.ToString();
    }

    private static void AppendOffset(StringBuilder text, TimeSpan offset, string separator)
    {
        text.Append(offset < TimeSpan.Zero ? '-' : '+');
        var abs = offset.Duration();
        text.Append(abs.Hours.ToString("00", CultureInfo.InvariantCulture)).Append(separator).Append(abs.Minutes.ToString("00", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// <c>strftime</c>. A <see cref="DateOnly"/> formats as a naive midnight (empty <c>%z</c>/<c>%Z</c>), like a Python date.
    /// </summary>
    public static string Strftime(object value, string format)
    {
        var (dt, aware) = value switch
        {
            DateTimeOffset d => (d, true),
            DateOnly date => (new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), false),
            _ => throw PyError.Type($"strftime needs a datetime or a date, not {PyText.TypeName(value)}"),
        };
        var text = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length) { text.Append(c); continue; }
            var flag = '\0';
            var directive = format[++i];
            if (directive is '-' or '_' or '0' && i + 1 < format.Length)
            {
                flag = directive;
                directive = format[++i];
            }
            if (!AppendDirective(text, dt, aware, directive, flag))
            {
                text.Append('%');
                if (flag != '\0') text.Append(flag);
                text.Append(directive);
            }
        }
        return text.ToString();
    }

    private static bool AppendDirective(StringBuilder text, DateTimeOffset dt, bool aware, char directive, char flag)
    {
        void Number(long n, int width)
        {
            var digits = n.ToString(CultureInfo.InvariantCulture);
            if (flag == '-') { text.Append(digits); return; }
            text.Append(flag == '_' ? ' ' : '0', Math.Max(0, width - digits.Length)).Append(digits);
        }

        var hour12 = dt.Hour % 12 == 0 ? 12 : dt.Hour % 12;
        switch (directive)
        {
            case 'a': text.Append(DayNames[(int)dt.DayOfWeek], 0, 3); return true;
            case 'A': text.Append(DayNames[(int)dt.DayOfWeek]); return true;
            case 'w': text.Append((int)dt.DayOfWeek); return true;
            case 'u': text.Append(dt.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)dt.DayOfWeek); return true;
            case 'd': Number(dt.Day, 2); return true;
            case 'e': if (flag == '\0') flag = '_'; Number(dt.Day, 2); return true;
            case 'b' or 'h': text.Append(MonthNames[dt.Month - 1], 0, 3); return true;
            case 'B': text.Append(MonthNames[dt.Month - 1]); return true;
            case 'm': Number(dt.Month, 2); return true;
            case 'y': Number(dt.Year % 100, 2); return true;
            case 'Y': Number(dt.Year, 1); return true;
            case 'C': Number(dt.Year / 100, 2); return true;
            case 'G': Number(ISOWeek.GetYear(dt.DateTime), 1); return true;
            case 'V': Number(ISOWeek.GetWeekOfYear(dt.DateTime), 2); return true;
            case 'H': Number(dt.Hour, 2); return true;
            case 'I': Number(hour12, 2); return true;
            case 'p': text.Append(dt.Hour < 12 ? "AM" : "PM"); return true;
            case 'M': Number(dt.Minute, 2); return true;
            case 'S': Number(dt.Second, 2); return true;
            case 'f': text.Append(Microsecond(dt).ToString("000000", CultureInfo.InvariantCulture)); return true;
            case 'j': Number(dt.DayOfYear, 3); return true;
            case 'U': Number((dt.DayOfYear + 6 - (int)dt.DayOfWeek) / 7, 2); return true;
            case 'W': Number((dt.DayOfYear + 6 - ((int)dt.DayOfWeek + 6) % 7) / 7, 2); return true;
            case 'z':
                if (aware) AppendOffset(text, dt.Offset, "");
                return true;
            case 'Z':
                if (aware) text.Append(dt.Offset == TimeSpan.Zero ? "UTC" : "UTC" + (dt.Offset < TimeSpan.Zero ? "-" : "+") + dt.Offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
                return true;
            case 's': text.Append((long)Math.Floor(Timestamp(dt))); return true;
            case 'c': text.Append(DayNames[(int)dt.DayOfWeek], 0, 3).Append(' ').Append(MonthNames[dt.Month - 1], 0, 3).Append(' ').Append(dt.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)).Append(dt.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture)); return true;
            case 'x': text.Append(dt.ToString("MM/dd/yy", CultureInfo.InvariantCulture)); return true;
            case 'X' or 'T': text.Append(dt.ToString("HH:mm:ss", CultureInfo.InvariantCulture)); return true;
            case 'D': text.Append(dt.ToString("MM/dd/yy", CultureInfo.InvariantCulture)); return true;
            case 'F': text.Append(dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); return true;
            case 'R': text.Append(dt.ToString("HH:mm", CultureInfo.InvariantCulture)); return true;
            case 'n': text.Append('\n'); return true;
            case 't': text.Append('\t'); return true;
            case '%': text.Append('%'); return true;
            default: return false;
        }
    }
}
