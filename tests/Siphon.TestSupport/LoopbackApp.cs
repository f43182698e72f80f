using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siphon.TestSupport;

/// <summary>A Kestrel app on 127.0.0.1 with an ephemeral port and no logging, for a test's stand-in API.</summary>
public static class LoopbackApp
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        return builder.Build();
    }

    /// <summary>The started app's address, without a trailing slash.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}
