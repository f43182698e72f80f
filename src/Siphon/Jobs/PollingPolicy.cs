using System.Globalization;
using System.Xml;
using Siphon.Components;

namespace Siphon.Jobs;

/// <summary>
/// When to poll a running job: soon after creation, then less and less often, never sooner than a
/// <c>Retry-After</c> the API sent. The reference polls every 5 s whatever happens.
/// </summary>
public sealed record PollingPolicy(TimeSpan InitialInterval, TimeSpan MaxInterval, double Multiplier)
{
    public static readonly ComponentSpec Spec = new("AsyncPollingPolicy", ComponentKind.Polling,
        "How often running jobs are polled (Siphon extension): the first poll after initial_interval, then each interval multiplied, up to max_interval.",
        [
            Field.String("initial_interval", "ISO-8601 duration before the first poll.") with { Default = "PT1S" },
            Field.String("max_interval", "ISO-8601 duration the interval never exceeds.") with { Default = "PT30S" },
            new FieldSpec("multiplier", FieldType.Number, "Growth of the interval after each poll.") { Default = 1.5 },
        ])
    {
        Factory = (node, _) => new PollingPolicy(
            Duration(node, "initial_interval"),
            Duration(node, "max_interval"),
            node.Value("multiplier") is Manifest.ManifestScalar { Value: long or double } m ? Convert.ToDouble(m.Value, CultureInfo.InvariantCulture) : DefaultOf("multiplier")),
        Example = "type: AsyncPollingPolicy\ninitial_interval: PT2S\nmax_interval: PT1M\nmultiplier: 2\n",
    };

    /// <summary>The policy of a retriever without <c>polling</c>: the spec's defaults.</summary>
    public static PollingPolicy Default { get; } = new(
        XmlConvert.ToTimeSpan((string)Spec.FindField("initial_interval")!.Default!),
        XmlConvert.ToTimeSpan((string)Spec.FindField("max_interval")!.Default!),
        DefaultOf("multiplier"));

    private static double DefaultOf(string field) => Convert.ToDouble(Spec.FindField(field)!.Default, CultureInfo.InvariantCulture);

    /// <summary>The wait before poll number <paramref name="poll"/> (1-based), at least <paramref name="retryAfter"/>.</summary>
    public TimeSpan Delay(int poll, TimeSpan? retryAfter)
    {
        var seconds = InitialInterval.TotalSeconds * Math.Pow(Multiplier, Math.Max(0, poll - 1));
        var delay = TimeSpan.FromSeconds(Math.Min(seconds, MaxInterval.TotalSeconds));
        return retryAfter is { } hint && hint > delay ? hint : delay;
    }

    private static TimeSpan Duration(ComponentNode node, string field)
    {
        var text = node.Text(field)!;
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw new ComponentBuildException(node.Position, node.FieldPath(field), $"'{text}' is not an ISO-8601 duration such as PT5S");
        }
    }
}
