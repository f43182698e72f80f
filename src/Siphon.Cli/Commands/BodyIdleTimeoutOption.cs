using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Siphon.Cli.Commands;

/// <summary>
/// <c>--body-idle-timeout</c>: how long a download body may deliver no byte before the transfer counts as broken (and is
/// resumed or downloaded again). A property of the network between Siphon and the API, not of the connector, so a flag
/// rather than a manifest field.
/// </summary>
internal static partial class BodyIdleTimeoutOption
{
    public const string Default = "60s";

    public static Option<string> Create() => new("--body-idle-timeout")
    {
        Description = "How long a download may deliver no byte before it counts as broken and is resumed or downloaded again (e.g. 30s, 2m, 1500ms; plain numbers are seconds).",
        DefaultValueFactory = _ => Default,
    };

    /// <summary>The duration <paramref name="text"/> names, or null when it is no positive duration.</summary>
    public static TimeSpan? Parse(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || !double.TryParse(match.Groups["amount"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return null;
        var duration = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "m" or "min" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
        return duration >= TimeSpan.FromMilliseconds(1) && duration <= TimeSpan.FromDays(1) ? duration : null;
    }

    public static string Problem(string text) =>
        $"--body-idle-timeout '{text}' is not a duration: give a positive time such as 30s, 2m or 1500ms (at most a day)";

    [GeneratedRegex(@"^\s*(?<amount>\d+(\.\d+)?)\s*(?<unit>ms|s|m|min|h)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}
