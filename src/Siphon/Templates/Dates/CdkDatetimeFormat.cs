using System.Globalization;

namespace Siphon.Templates;

/// <summary>
/// The reference's <c>DatetimeParser</c>: strftime/strptime plus its own whole-format directives
/// <c>%s</c>, <c>%ms</c>, <c>%s_as_float</c>, <c>%epoch_microseconds</c>, and <c>%_ms</c> (milliseconds, 3 digits) inside a format.
/// </summary>
internal static class CdkDatetimeFormat
{
    public static string Format(DateTimeOffset value, string format)
    {
        switch (format)
        {
            case "%s": return ((long)Math.Truncate(PyDates.Timestamp(value))).ToString(CultureInfo.InvariantCulture);
            case "%s_as_float": return PyText.FloatRepr(PyDates.Timestamp(value));
            case "%epoch_microseconds": return ((value.UtcTicks - PyDates.Epoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture);
            case "%ms": return ((value.UtcTicks - PyDates.Epoch.UtcTicks) / 10_000).ToString(CultureInfo.InvariantCulture);
        }
        if (format.Contains("%_ms", StringComparison.Ordinal))
            format = format.Replace("%_ms", (PyDates.Microsecond(value) / 1000).ToString("000", CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return PyDates.Strftime(value, format);
    }

    public static DateTimeOffset Parse(object? value, string format)
    {
        var text = PyText.Str(value);
        switch (format)
        {
            case "%s": return PyDates.FromTimestamp(ToLong(value, text));
            case "%s_as_float": return PyDates.FromTimestamp(ToDouble(value, text));
            case "%epoch_microseconds": return PyDates.Epoch.AddTicks(ToLong(value, text) * 10);
            case "%ms": return PyDates.Epoch.AddTicks(ToLong(value, text) * 10_000);
        }
        return PyDateParsing.Strptime(text, format.Replace("%_ms", "%f", StringComparison.Ordinal));
    }

    private static long ToLong(object? value, string text) =>
        PyOps.IsInteger(value, out var l) ? l
        : value is double d ? (long)d
        : long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new PyError($"invalid literal for int() with base 10: '{text}'");

    private static double ToDouble(object? value, string text) =>
        PyOps.IsNumber(value, out var d) ? d
        : double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw new PyError($"could not convert string to float: '{text}'");
}
