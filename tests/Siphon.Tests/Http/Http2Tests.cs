using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Siphon.Http;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class Http2Tests
{
    [Fact]
    public async Task SendAsync_TlsServerOfferingHttp2_NegotiatesHttp2()
    {
        using var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
        }));
        await using var app = builder.Build();
        app.Run(context => context.Response.WriteAsync($$"""{"protocol": "{{context.Request.Protocol}}"}"""));
        await app.StartAsync();
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var session = new HttpSession(handler: handler);

        using var exchange = await Requester($"type: HttpRequester\nurl: {app.Urls.First()}/v").SendAsync(new RequestContext(session, Step.Page("read"), Scope()), CancellationToken.None);
        var body = Assert.IsType<Dictionary<string, object?>>(await exchange.ReadJsonAsync(CancellationToken.None));

        Assert.Equal("HTTP/2", body["protocol"]);
        Assert.Equal(new Version(2, 0), exchange.Response.Version);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
