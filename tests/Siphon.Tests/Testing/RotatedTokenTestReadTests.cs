using Microsoft.AspNetCore.Http;
using Siphon.Source;
using Siphon.Testing;
using Siphon.Tests.Http.Support;
using Siphon.Values;

namespace Siphon.Tests.Testing;

/// <summary>
/// A test read against an API that rotates its refresh token on every refresh: the page sees the rotated config
/// masked, and the builder gets it unmasked (server-side) to keep as its testing values.
/// </summary>
public sealed class RotatedTokenTestReadTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private const string RotatedRefreshToken = "rt-rotated-6a1f9c";
    private const string AccessToken = "at-7e2b44d0";

    private string Manifest => TestManifests.HeaderWithSpec("""
        credentials:
          type: object
          properties:
            refresh_token: { type: string, airbyte_secret: true }
            access_token: { type: string, airbyte_secret: true }
        """) + TestManifests.ItemsStream($"{server.BaseUrl}/items", requester: $$$"""
        authenticator:
          type: OAuthAuthenticator
          token_refresh_endpoint: "{{{server.BaseUrl}}}/token"
          refresh_token: "{{ config['credentials']['refresh_token'] }}"
          refresh_token_updater: {}
        """);

    [Fact]
    public async Task RunAsync_RefreshTokenRotated_ResultShowsTheConfigMaskedAndTheOutcomeCarriesItForTheBuilder()
    {
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/token")
                await context.Response.WriteAsync($$"""{"access_token": "{{AccessToken}}", "refresh_token": "{{RotatedRefreshToken}}", "expires_in": 3600}""");
            else
                await context.Response.WriteAsync("""[{"id": 1}]""");
        });
        var loaded = ConnectorLoader.Parse("m.yaml", Manifest);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Problems));
        var config = (Dictionary<string, object?>)JsonValues.Parse("""{"credentials": {"refresh_token": "rt-first-0b3d"}}""")!;

        var outcome = await TestReader.RunAsync(loaded.Definition!, config, new TestReadRequest { Stream = "items" }, null, CancellationToken.None);

        Assert.Equal("completed", outcome.Result.Status);
        var kept = (IReadOnlyDictionary<string, object?>)outcome.ConfigUpdate!["credentials"]!;
        Assert.Equal(RotatedRefreshToken, kept["refresh_token"]);
        var shown = outcome.Result.LatestConfigUpdate!.Value.GetRawText();
        Assert.DoesNotContain(RotatedRefreshToken, shown);
        Assert.DoesNotContain(AccessToken, shown);
    }
}
