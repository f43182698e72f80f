namespace Siphon.Simulator;

/// <summary>How a simulator instance runs. A scenario file (<see cref="SimulatorScenario"/>) produces one of these.</summary>
public sealed record SimulatorOptions
{
    /// <summary>The loopback port; 0 picks a free one (read it back from <see cref="SimulatorHost.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>Seeds every generated record and job id: the same seed gives the same bytes.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The bearer token of the contacts, request-reply, segments and list families.</summary>
    public string BearerToken { get; init; } = "sim-token";

    /// <summary>
    /// When set, a bearer credential is also accepted if it is a JWT whose payload's <c>aud</c> is this value (the
    /// signature is not checked): App Store Connect wants an ES256 JWT with <c>aud: appstoreconnect-v1</c>, which a
    /// real manifest's JwtAuthenticator signs with whatever key the test config holds.
    /// </summary>
    public string? JwtAudience { get; init; }

    /// <summary>The API key of the reports and bulk-query families.</summary>
    public string ApiKey { get; init; } = "sim-key";

    /// <summary>The header carrying <see cref="ApiKey"/>.</summary>
    public string ApiKeyHeader { get; init; } = "X-Api-Key";

    /// <summary>The knobs every family starts from.</summary>
    public Knobs Knobs { get; init; } = new();

    /// <summary>Full knobs for one family (by <see cref="SimFamily"/> name), replacing <see cref="Knobs"/> for it.</summary>
    public IReadOnlyDictionary<string, Knobs> FamilyKnobs { get; init; } = new Dictionary<string, Knobs>();

    /// <summary>The clock of job lifecycles, URL expiry and throttling; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The key presigned download URLs are signed with.</summary>
    public string SigningKey { get; init; } = "siphon-simulator-signing-key";
}
