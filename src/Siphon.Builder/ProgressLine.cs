using System.Globalization;
using Siphon.Testing;

namespace Siphon.Builder;

/// <summary>How the testing panel words one progress item, e.g. <c>poll #2: pending → running, next poll in 1.5s</c>.</summary>
public static class ProgressLine
{
    public static string Of(TestReadProgress item) => item is { Kind: "job_polled", Poll: { } poll }
        ? $"poll #{poll}: {item.RawStatus} → {item.MappedStatus}{(item.NextPollSeconds is { } next ? $", next poll in {Duration(next)}" : "")}"
        : item.Message;

    /// <summary>"0.05s", "1.5s", "30s", "2m 30s": precise enough for a person watching a job.</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 1) return seconds.ToString("0.##", CultureInfo.InvariantCulture) + "s";
        if (seconds < 60) return Math.Round(seconds, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture) + "s";
        var whole = (long)Math.Round(seconds, MidpointRounding.AwayFromZero);
        return whole % 60 == 0 ? $"{whole / 60}m" : $"{whole / 60}m {whole % 60}s";
    }
}
