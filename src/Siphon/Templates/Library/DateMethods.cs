using System.Globalization;

namespace Siphon.Templates;

/// <summary>Datetime and date methods: strftime, isoformat, timestamp, replace, date, weekday.</summary>
internal static partial class Methods
{
    private static object? DatetimeMethod(DateTimeOffset dt, string name, CallArgs args)
    {
        switch (name)
        {
            case "strftime": args.Expect(name, 1); return PyDates.Strftime(dt, Str(args, 0, "format", name));
            case "isoformat":
                args.Expect(name, 2, "sep", "timespec");
                var sep = args.Get(0, "sep", "T") as string ?? throw PyError.Type("isoformat() argument 'sep' must be str");
                if (sep.Length != 1) throw PyError.Type("isoformat() argument 'sep' must be a single character");
                return PyDates.IsoFormat(dt, sep[0], args.Get(1, "timespec", "auto") as string ?? "auto");
            case "timestamp": args.Expect(name, 0); return PyDates.Timestamp(dt);
            case "date": args.Expect(name, 0); return DateOnly.FromDateTime(dt.DateTime);
            case "weekday": args.Expect(name, 0); return (long)(((int)dt.DayOfWeek + 6) % 7);
            case "isoweekday": args.Expect(name, 0); return (long)(dt.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)dt.DayOfWeek);
            case "replace":
                args.Expect(name, 0, "year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo");
                int Part(string part, int current) => args.TryGet(-1, part, out var v) ? (PyOps.IsInteger(v, out var n) ? (int)n : throw PyError.Type($"replace() argument '{part}' must be int")) : current;
                try
                {
                    // tzinfo=None would make a naive datetime; the engine keeps every datetime timezone-aware (UTC).
                    var replaced = new DateTimeOffset(Part("year", dt.Year), Part("month", dt.Month), Part("day", dt.Day), Part("hour", dt.Hour), Part("minute", dt.Minute), Part("second", dt.Second), dt.Offset);
                    return replaced.AddTicks(Part("microsecond", PyDates.Microsecond(dt)) * 10L);
                }
                catch (ArgumentOutOfRangeException) { throw new PyError("replace(): a date or time field is out of range"); }
            default: throw Missing(dt, name);
        }
    }

    private static object? DateMethod(DateOnly date, string name, CallArgs args)
    {
        switch (name)
        {
            case "strftime": args.Expect(name, 1); return PyDates.Strftime(date, Str(args, 0, "format", name));
            case "isoformat": args.Expect(name, 0); return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "weekday": args.Expect(name, 0); return (long)(((int)date.DayOfWeek + 6) % 7);
            case "isoweekday": args.Expect(name, 0); return (long)(date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek);
            case "replace":
                args.Expect(name, 0, "year", "month", "day");
                int Part(string part, int current) => args.TryGet(-1, part, out var v) ? (PyOps.IsInteger(v, out var n) ? (int)n : throw PyError.Type($"replace() argument '{part}' must be int")) : current;
                try { return new DateOnly(Part("year", date.Year), Part("month", date.Month), Part("day", date.Day)); }
                catch (ArgumentOutOfRangeException) { throw new PyError("replace(): a date field is out of range"); }
            default: throw Missing(date, name);
        }
    }
}
