using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>
/// The rows a list request covers: <c>updated_after</c> (inclusive) and <c>updated_before</c> (exclusive), ISO 8601.
/// Items are sorted by updated_at, so the window is the row range [First, End).
/// </summary>
internal readonly record struct ListWindow(long First, long End)
{
    public long Count => Math.Max(0, End - First);

    public static ListWindow Parse(IQueryCollection query, long rows)
    {
        var first = Bound(query, "updated_after", rows) ?? 0;
        var end = Bound(query, "updated_before", rows) ?? rows;
        return new ListWindow(Math.Min(first, rows), Math.Max(Math.Min(end, rows), Math.Min(first, rows)));
    }

    private static long? Bound(IQueryCollection query, string name, long rows)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            throw new KnobException($"{name} must be an ISO 8601 date-time");
        }

        return Math.Min(ItemsSchema.FirstRowAtOrAfter(t), rows);
    }
}
