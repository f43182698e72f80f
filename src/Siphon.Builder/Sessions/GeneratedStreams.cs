using Siphon.Http;
using Siphon.Runs;
using Siphon.Source;

namespace Siphon.Builder.Sessions;

/// <summary>
/// The streams a manifest's <c>dynamic_streams</c> generate for the project's testing values, so that the author can
/// pick one and Test it. Generating may send the resolvers' requests (HttpComponentsResolver), so it runs when the author
/// asks and with a test read's care: the config normalized and validated as a sync would use it, link-local and
/// cloud-metadata addresses refused unless the builder allows them, secrets redacted from what it reports.
/// </summary>
public sealed class GeneratedStreams(TimeProvider time, bool refuseLinkLocal = true)
{
    /// <param name="streamLimit">How many streams each dynamic_streams definition generates at most (the test settings' stream limit).</param>
    public async Task<GeneratedStreamNames> GenerateAsync(ConnectorDefinition connector, IReadOnlyDictionary<string, object?> config,
        int streamLimit, CancellationToken cancellationToken)
    {
        var redactor = SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config);
        try
        {
            if (connector.Spec is { } spec) config = spec.Normalize(config, time).Config;
            redactor = SecretRedactor.FromSpec(connector.Spec?.ConnectionSpecification, config);
            if (connector.Spec?.Normalization?.Problem((Dictionary<string, object?>)config, time) is { } refused)
                return GeneratedStreamNames.Failed(redactor.Redact($"the testing values fail a validation of the manifest: {refused}"));
            connector = connector.ForConfig(config, time);
            var options = new HttpSessionOptions { ApiBudget = connector.ApiBudget, FailFastWhenUnreachable = true, RefuseLinkLocal = refuseLinkLocal };
            using var session = new HttpSession(options, redactor: redactor, time: time);
            var resolved = await DynamicStreamResolution.ResolveAsync(connector, config, session, cancellationToken, streamLimit).ConfigureAwait(false);
            return new GeneratedStreamNames(resolved.Streams.Where(s => connector.FindStream(s.Name) is null).Select(s => s.Name).ToList(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return GeneratedStreamNames.Failed(redactor.Redact(e.Message));
        }
    }
}

/// <summary>The names of the generated streams, in the order a read would see them, or why none could be generated.</summary>
public sealed record GeneratedStreamNames(IReadOnlyList<string> Names, string? Error)
{
    public static GeneratedStreamNames Failed(string error) => new([], error);
}
