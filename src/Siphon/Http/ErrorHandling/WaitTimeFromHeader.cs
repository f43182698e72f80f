using System.Text.RegularExpressions;
using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>
/// Waits the number of seconds a response header says (e.g. <c>Retry-After: 30</c>), optionally extracted with a regex.
/// An HTTP date in the header is also understood. A wait above <c>max_waiting_time_in_seconds</c> fails the request
/// with a transient error, as the reference does, instead of sleeping for it.
/// </summary>
internal sealed class WaitTimeFromHeader(Template header, Regex? regex, NumberTemplate? max) : IBackoffStrategy
{
    public static readonly ComponentSpec Spec = new("WaitTimeFromHeader", ComponentKind.BackoffStrategy,
        "Waits the number of seconds given by a response header such as Retry-After.",
        [
            Field.Template("header", "The header holding the wait in seconds.", required: true),
            Field.String("regex", "A regular expression extracting the number from the header value."),
            Field.Template("max_waiting_time_in_seconds", "Longest acceptable wait; a longer one fails the request."),
        ])
    {
        Factory = (node, _) => new WaitTimeFromHeader(Template.Compile(node.Text("header")!, node.FieldPath("header")),
            node.Text("regex") is { } r ? new Regex(r, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) : null,
            NumberTemplate.From(node, "max_waiting_time_in_seconds")),
        Example = "type: WaitTimeFromHeader\nheader: Retry-After\nmax_waiting_time_in_seconds: 600\n",
    };

    public TimeSpan? Backoff(AttemptOutcome outcome, int attemptsMade, BackoffContext context)
    {
        var value = outcome.Header(header.Render(context.Scope));
        double? seconds = HeaderNumbers.Read(value, regex);
        if (seconds is null && HeaderNumbers.ReadDate(value) is { } until)
            seconds = (until - context.Time.GetUtcNow()).TotalSeconds;
        if (seconds is null) return null;
        if (max?.Evaluate(context.Scope) is { } limit && seconds >= limit)
            throw new BackoffLimitExceededException($"the server asks to wait {seconds:0.###} s, more than max_waiting_time_in_seconds ({limit:0.###} s)");
        return HeaderNumbers.Seconds(seconds.Value);
    }
}

/// <summary>A backoff strategy refuses to wait as long as the server asks.</summary>
internal sealed class BackoffLimitExceededException(string message) : Exception(message);
