using System.Web;
using Microsoft.AspNetCore.Http;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Runs.ReadTestKit;

namespace Siphon.Tests.Http;

/// <summary>OAuthAuthenticator with <c>use_profile_assertion</c>: tokens come from the jwt-bearer grant, as in the reference.</summary>
public sealed class OAuthProfileAssertionTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    [Fact]
    public async Task Read_UseProfileAssertion_ObtainsTheTokenWithASignedJwtAndNoClientSecret()
    {
        server.Reset(async context =>
        {
            context.Response.ContentType = "application/json";
            if (context.Request.Path == "/token")
            {
                await context.Response.WriteAsync("""{"access_token": "at-from-jwt", "expires_in": 3600}""");
                return;
            }
            if (context.Request.Headers.Authorization != "Bearer at-from-jwt")
            {
                context.Response.StatusCode = 401;
                return;
            }
            await context.Response.WriteAsync("""[{"id": 1}]""");
        });
        var connector = Load(TestManifests.ItemsStream($"{server.BaseUrl}/items", requester: $$$"""
            authenticator:
              type: OAuthAuthenticator
              token_refresh_endpoint: "{{{server.BaseUrl}}}/token"
              client_id: app
              client_secret: "never-sent"
              use_profile_assertion: true
              profile_assertion:
                type: JwtAuthenticator
                secret_key: "{{ config['signing_key'] }}"
                algorithm: HS256
                jwt_payload: { iss: app, aud: "{{{server.BaseUrl}}}/token" }
            """));

        var output = await ReadAsync(connector, """{"signing_key": "k-3c1d"}""");

        Assert.Single(output.Records());
        var form = HttpUtility.ParseQueryString(server.Requests.First(r => r.Path == "/token").Body);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        Assert.Equal(3, form["assertion"]!.Split('.').Length);
        Assert.Null(form["client_secret"]);
    }
}
