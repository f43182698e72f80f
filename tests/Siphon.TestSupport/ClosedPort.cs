using System.Net;
using System.Net.Sockets;

namespace Siphon.TestSupport;

/// <summary>A loopback port nothing listens on (bound, then released), for tests of a refused connection.</summary>
public static class ClosedPort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
