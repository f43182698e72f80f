using System.Text.RegularExpressions;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>
/// Waits until the time a response header gives (epoch seconds such as <c>X-RateLimit-Reset: 1700000000</c>, or an HTTP
/// date), at least <c>min_wait</c> seconds.
/// </summary>
internal sealed class WaitUntilTimeFromHeader(Template header, Regex? regex, NumberTemplate? minWait, NumberTemplate? max) : IBackoffStrategy
{
    public static readonly ComponentSpec Spec = new("WaitUntilTimeFromHeader", ComponentKind.BackoffStrategy,
        "Waits until the time (epoch seconds or an HTTP date) given by a response header.",
        [
            Field.Template("header", "The header holding the time to wait until.", required: true),
            Field.Template("min_wait", "Shortest wait in seconds, also used when the header is missing."),
            Field.String("regex", "A regular expression extracting the number from the header value."),
            Field.Template("max_waiting_time_in_seconds", "Longest acceptable wait; a longer one fails the request."),
        ])
    {
        Factory = (node, _) => new WaitUntilTimeFromHeader(Template.Compile(node.Text("header")!, node.FieldPath("header")),
            node.Text("regex") is { } r ? new Regex(r, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null,
            NumberTemplate.From(node, "min_wait"), NumberTemplate.From(node, "max_waiting_time_in_seconds")),
        Example = "type: WaitUntilTimeFromHeader\nheader: X-RateLimit-Reset\nmin_wait: 5\n",
    };

    public TimeSpan? Backoff(AttemptOutcome outcome, int attemptsMade, BackoffContext context)
    {
        var value = outcome.Header(header.Render(context.Scope));
        var now = context.Time.GetUtcNow();
        double? seconds = HeaderNumbers.Read(value, regex) is { } epoch ? epoch - now.ToUnixTimeMilliseconds() / 1000.0
            : HeaderNumbers.ReadDate(value) is { } date ? (date - now).TotalSeconds : null;
        var min = minWait?.Evaluate(context.Scope);
        if (seconds is null) return min is { } m ? HeaderNumbers.Seconds(m) : null;
        if (max?.Evaluate(context.Scope) is { } limit && seconds >= limit)
            throw new BackoffLimitExceededException($"the server asks to wait {seconds:0.###} s, more than max_waiting_time_in_seconds ({limit:0.###} s)");
        return HeaderNumbers.Seconds(min is { } floor && seconds < floor ? floor : seconds.Value);
    }
}
