using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Http.ErrorHandling;

/// <summary>
/// Matches a response by status code, by a text the body contains or by a predicate over the body and headers
/// (any one of them matching is enough, as in the reference) and says what to do with it.
/// </summary>
internal sealed class HttpResponseFilter
{
    public static readonly string[] Actions = ["SUCCESS", "FAIL", "RETRY", "IGNORE", "RATE_LIMITED", "REFRESH_TOKEN_THEN_RETRY", "RESET_PAGINATION"];
    public static readonly string[] FailureTypes = ["system_error", "config_error", "transient_error"];

    public static readonly ComponentSpec Spec = new("HttpResponseFilter", ComponentKind.ResponseFilter,
        "Says what to do with responses that have given status codes, contain a text or satisfy a predicate.",
        [
            Field.Enum("action", "What to do with a matching response.", Actions),
            Field.Enum("failure_type", "How a failure is classified (config errors stop the sync and point at the user's settings).", FailureTypes),
            new FieldSpec("http_codes", FieldType.Any, "Status codes that match."),
            Field.Template("error_message_contains", "Text that matches when the response body contains it.", variables: []),
            Field.Template("predicate", "A condition over the body ('response') and 'headers' that matches when true.", variables: ["response", "headers"]),
            Field.Template("error_message", "The message reported for a matching response.", variables: ["response", "headers"]),
        ])
    {
        Factory = (node, _) => new HttpResponseFilter(node),
        Example = "type: HttpResponseFilter\naction: IGNORE\nhttp_codes: [404]\nerror_message: the resource is gone\n",
    };

    private readonly ResponseAction? _action;
    private readonly FailureType? _failureType;
    private readonly HashSet<int> _codes;
    private readonly Template? _contains;
    private readonly Template? _predicate;
    private readonly Template? _message;
    private readonly Dictionary<string, object?> _parameters;

    private HttpResponseFilter(ComponentNode node)
    {
        _action = node.Text("action") is { } action ? ErrorResolution.ParseAction(action) : null;
        _failureType = node.Text("failure_type") is { } failure ? ErrorResolution.ParseFailureType(failure) : null;
        _codes = node.Value("http_codes") is ManifestList codes
            ? [.. codes.Items.OfType<ManifestScalar>().Select(c => c.Value is long l ? (int)l : int.Parse(c.Text, System.Globalization.CultureInfo.InvariantCulture))]
            : [];
        _contains = Compile(node, "error_message_contains");
        _predicate = Compile(node, "predicate");
        _message = Compile(node, "error_message");
        _parameters = node.ParameterValues();
        if (_action is null && _failureType is null)
            throw new ComponentBuildException(node.Position, node.Path, "a response filter needs an action or a failure_type");
    }

    private static Template? Compile(ComponentNode node, string field) =>
        node.Text(field) is { Length: > 0 } text ? Template.Compile(text, node.FieldPath(field)) : null;

    /// <summary>Whether the body must be read to judge a response with this status.</summary>
    public bool NeedsBody(int status) => _predicate is not null || _contains is not null || (_message is not null && _codes.Contains(status));

    public async ValueTask<ErrorResolution?> MatchAsync(AttemptOutcome outcome, TemplateScope scope, CancellationToken cancellationToken)
    {
        if (outcome.Response is null) return null;
        scope = scope.With("parameters", _parameters);
        var matched = _codes.Contains(outcome.Status!.Value);
        TemplateScope? responseScope = null;
        if (!matched && _predicate is not null)
        {
            responseScope = await ResponseScopeAsync(outcome, scope, cancellationToken).ConfigureAwait(false);
            matched = _predicate.EvaluateCondition(responseScope);
        }
        if (!matched && _contains is not null)
        {
            var needle = _contains.Render(scope);
            matched = needle.Length > 0 && (await outcome.BodyAsync(cancellationToken).ConfigureAwait(false)).Contains(needle, StringComparison.Ordinal);
        }
        if (!matched) return null;

        var action = _action ?? (_failureType == FailureType.TransientError ? ResponseAction.Retry : ResponseAction.Fail);
        var failure = _failureType ?? action switch
        {
            ResponseAction.Retry or ResponseAction.RateLimited or ResponseAction.RefreshTokenThenRetry => FailureType.TransientError,
            ResponseAction.Fail => FailureType.SystemError,
            _ => (FailureType?)null,
        };
        string? message = null;
        if (_message is not null)
        {
            responseScope ??= await ResponseScopeAsync(outcome, scope, cancellationToken).ConfigureAwait(false);
            message = _message.Render(responseScope);
        }
        return new ErrorResolution(action, failure, message);
    }

    private static async ValueTask<TemplateScope> ResponseScopeAsync(AttemptOutcome outcome, TemplateScope scope, CancellationToken cancellationToken) =>
        scope.With("response", await outcome.JsonAsync(cancellationToken).ConfigureAwait(false)).With("headers", outcome.HeadersValue());
}
