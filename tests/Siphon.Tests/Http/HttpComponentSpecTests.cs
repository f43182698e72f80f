using Siphon.Components;

namespace Siphon.Tests.Http;

public sealed class HttpComponentSpecTests
{
    [Theory]
    [InlineData("HttpRequester", "http_method", "GET")]
    [InlineData("DefaultErrorHandler", "max_retries", 5L)]
    [InlineData("DefaultErrorHandler", "max_time", 600L)]
    [InlineData("ExponentialBackoffStrategy", "factor", 5L)]
    [InlineData("JwtAuthenticator", "token_duration", 1200L)]
    [InlineData("OAuthAuthenticator", "grant_type", "refresh_token")]
    [InlineData("OAuthAuthenticator", "access_token_name", "access_token")]
    [InlineData("OAuthAuthenticator", "expires_in_name", "expires_in")]
    public void Spec_Defaults_AreTheReferences(string type, string field, object expected)
    {
        Assert.True(ComponentRegistry.Default.TryGet(type, out var spec));

        Assert.Equal(expected, spec.FindField(field)!.Default);
    }

    [Fact]
    public void Spec_ImpliedTypes_AreTheReferences()
    {
        Assert.True(ComponentRegistry.Default.TryGet("HttpRequester", out var requester));
        Assert.True(ComponentRegistry.Default.TryGet("DefaultErrorHandler", out var handler));
        Assert.True(ComponentRegistry.Default.TryGet("ApiKeyAuthenticator", out var apiKey));

        Assert.Equal("DefaultErrorHandler", requester.FindField("error_handler")!.ImpliedType);
        Assert.Equal("HttpResponseFilter", handler.FindField("response_filters")!.ImpliedType);
        Assert.Equal("RequestOption", apiKey.FindField("inject_into")!.ImpliedType);
        Assert.Equal(["GET", "POST", "PUT", "PATCH", "DELETE"], requester.FindField("http_method")!.AllowedValues);
    }
}
