namespace Siphon.Templates;

/// <summary>
/// An ISO-8601 duration with years or months (<c>P1Y</c>, <c>P3M</c>), which has no fixed length: like the reference's
/// <c>isodate.Duration</c>, it is applied to a date by moving the calendar, then adding the fixed remainder.
/// </summary>
internal sealed record CalendarDuration(int Years, int Months, TimeSpan Rest)
{
    public CalendarDuration Negate() => new(-Years, -Months, -Rest);

    public DateTimeOffset AddTo(DateTimeOffset value)
    {
        var totalMonths = value.Year * 12 + (value.Month - 1) + Years * 12 + Months;
        var year = totalMonths / 12;
        var month = totalMonths % 12 + 1;
        if (year is < 1 or > 9999) throw new PyError("date value out of range");
        var day = Math.Min(value.Day, DateTime.DaysInMonth(year, month));
        var moved = new DateTimeOffset(year, month, day, value.Hour, value.Minute, value.Second, value.Offset).AddTicks(value.Ticks % TimeSpan.TicksPerSecond);
        return moved + Rest;
    }

    public DateOnly AddTo(DateOnly value)
    {
        var moved = AddTo(new DateTimeOffset(value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return DateOnly.FromDateTime(moved.DateTime);
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Years != 0) parts.Add($"{Years} year{(Math.Abs(Years) == 1 ? "" : "s")}");
        if (Months != 0) parts.Add($"{Months} month{(Math.Abs(Months) == 1 ? "" : "s")}");
        if (Rest != TimeSpan.Zero || parts.Count == 0) parts.Add(PyText.Str(Rest));
        return string.Join(", ", parts);
    }
}
