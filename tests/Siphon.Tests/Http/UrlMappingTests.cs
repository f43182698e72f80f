using Siphon.Http;
using Siphon.Simulator;
using Siphon.Tests.Jobs;

namespace Siphon.Tests.Http;

public sealed class UrlMappingTests
{
    [Theory]
    [InlineData("https://api.sendgrid.com/v3/marketing/contacts/exports?x=1", "http://127.0.0.1:9/v3/marketing/contacts/exports?x=1")]
    [InlineData("https://API.SendGrid.com/v3", "http://127.0.0.1:9/v3")]
    [InlineData("https://api.sendgrid.com", "http://127.0.0.1:9/")]
    public void Apply_UrlUnderThePrefix_KeepsPathAndQuery(string url, string expected) =>
        Assert.Equal(new Uri(expected), UrlMapping.Parse("https://api.sendgrid.com=http://127.0.0.1:9/").Apply(new Uri(url)));

    [Theory]
    [InlineData("https://api.sendgrid.com.evil.org/v3")]
    [InlineData("http://api.sendgrid.com/v3")]
    [InlineData("https://api.sendgrid.com/v30/x")]
    public void Apply_UrlOutsideThePrefix_IsNotMapped(string url) =>
        Assert.Null(UrlMapping.Parse("https://api.sendgrid.com/v3=http://127.0.0.1:9").Apply(new Uri(url)));

    [Theory]
    [InlineData("https://api.sendgrid.com")]
    [InlineData("=http://127.0.0.1:9")]
    [InlineData("api.sendgrid.com=http://127.0.0.1:9")]
    public void Parse_NotTwoAbsoluteUrls_FailsNamingTheForm(string text) =>
        Assert.Contains("URL", Assert.Throws<FormatException>(() => UrlMapping.Parse(text)).Message);

    [Fact]
    public async Task Session_WithUrlMapping_SendsTheManifestsHostToTheSimulator()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions());
        using var session = new HttpSession(new HttpSessionOptions { UrlMappings = [new UrlMapping("https://api.example.com/api", simulator.BaseUrl + "api")] });

        using var response = await session.Client.GetAsync(new Uri("https://api.example.com/api/items/offset?limit=1"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, simulator.Stats.Unauthorized);
    }
}
