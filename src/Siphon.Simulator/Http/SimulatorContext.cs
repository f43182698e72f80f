using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Siphon.Simulator;

/// <summary>The state one simulator instance shares between its endpoints: options, clock, jobs, stats, signer.</summary>
internal sealed class SimulatorContext(SimulatorOptions options)
{
    private readonly ConcurrentDictionary<string, long> _familyCalls = new(StringComparer.Ordinal);

    public SimulatorOptions Options { get; } = options;

    public TimeProvider Time => Options.TimeProvider;

    public DateTimeOffset Now => Time.GetUtcNow();

    public JobStore Jobs { get; } = new(options.TimeProvider, options.Seed);

    public SimulatorStats Stats { get; } = new();

    public UrlSigner Signer { get; } = new(options.SigningKey);

    public Knobs FamilyKnobs(string family) => Options.FamilyKnobs.TryGetValue(family, out var k) ? k : Options.Knobs;

    /// <summary>The family's knobs with the request's overrides on top; throws <see cref="KnobException"/>.</summary>
    public Knobs KnobsFor(string family, HttpRequest request) => KnobJson.Apply(FamilyKnobs(family), RequestKnobs.Read(request));

    /// <summary>Call numbers for operations that have no job yet (create, list), counted per family.</summary>
    public long CountFamilyCall(string family, string operation) =>
        _familyCalls.AddOrUpdate(family + "|" + operation, 1, (_, n) => n + 1);

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
