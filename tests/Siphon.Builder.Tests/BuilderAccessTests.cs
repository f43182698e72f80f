using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Siphon.Tests.Testing;

namespace Siphon.Builder.Tests;

/// <summary>
/// Only the user who started the builder can drive it: requests over real HTTP on 127.0.0.1 as a hostile page would send
/// them (no token, a foreign Origin, a rebound Host, a text/plain post) are refused before anything runs.
/// </summary>
public sealed class BuilderAccessTests
{
    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static object ItemsRead(string baseUrl) => new { manifest = TestReadKit.Items(), config = new { base_url = baseUrl, api_key = "k" }, stream = "items" };

    [Fact]
    public async Task Api_WithoutTheToken_IsRefusedAndStartsNothing()
    {
        await using var builder = await BuilderClient.StartAsync();
        using var stranger = new HttpClient { BaseAddress = builder.Host.BaseUrl };

        using var post = await stranger.PostAsync("api/test-reads", Json(ItemsRead("http://127.0.0.1:9")));
        using var page = await stranger.GetAsync("/");
        using var circuit = await stranger.PostAsync("_blazor/negotiate?negotiateVersion=1", null);
        using var asset = await stranger.GetAsync("builder.css");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, circuit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Contains("siphon serve", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LaunchUrl_SetsACookieThatOpensThePageAndTheApi()
    {
        await using var builder = await BuilderClient.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = builder.Host.BaseUrl };

        using var launch = await browser.GetAsync(builder.Host.LaunchUrl);
        using var page = await browser.GetAsync("/");
        using var validate = await browser.PostAsync("api/manifest/validate", Json(new { manifest = TestReadKit.Items() }));

        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        Assert.DoesNotContain("token", launch.Headers.Location!.ToString());
        Assert.Contains("HttpOnly", string.Join(";", launch.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
    }

    [Fact]
    public async Task Api_ForeignOriginEvenWithTheToken_IsRefused()
    {
        await using var builder = await BuilderClient.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/test-reads") { Content = Json(ItemsRead("http://127.0.0.1:9")) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await builder.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("evil.example", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_OwnOrigin_IsServed()
    {
        await using var builder = await BuilderClient.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/manifest/validate") { Content = Json(new { manifest = TestReadKit.Items() }) };
        request.Headers.Add("Origin", builder.Host.BaseUrl.GetLeftPart(UriPartial.Authority));

        using var response = await builder.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_ForeignHostAsAfterDnsRebinding_IsRefused()
    {
        await using var builder = await BuilderClient.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/test-reads/x");
        request.Headers.Host = $"rebound.evil.example:{builder.Host.BaseUrl.Port}";

        using var response = await builder.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Fact]
    public async Task Api_TextPlainPostAsACrossSiteFormWouldSend_IsRefused()
    {
        await using var builder = await BuilderClient.StartAsync();

        using var response = await builder.Http.PostAsync("api/test-reads", new StringContent(JsonSerializer.Serialize(ItemsRead("http://127.0.0.1:9")), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Api_BodyOverTheLimit_IsRefused()
    {
        await using var builder = await BuilderClient.StartAsync();
        var huge = new string('x', (int)BuilderOptions.DefaultMaxRequestBodyBytes + 1024);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/manifest/validate") { Content = Json(new { manifest = huge }) };
        request.Headers.ExpectContinue = true; // the answer comes before the body is sent, as a well-behaved client waits

        using var response = await builder.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("http://169.254.169.254")]
    [InlineData("http://[fe80::1]")]
    [InlineData("http://[fd00:ec2::254]")]
    public async Task TestRead_LinkLocalOrMetadataAddress_FailsAtOnceWithoutConnecting(string baseUrl)
    {
        await using var builder = await BuilderClient.StartAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var id = await builder.StartTestReadAsync(ItemsRead(baseUrl));
        var result = JsonDocument.Parse(await builder.ResultAsync(id)).RootElement;

        Assert.Equal("failed", result.GetProperty("status").GetString());
        Assert.Contains("link-local or cloud-metadata address", result.GetProperty("error").GetString());
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // refused, not retried as a network error
    }
}
