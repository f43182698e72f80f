using System.Globalization;

namespace Siphon.Reliability.Tests.Support;

/// <summary>Open TCP connections to a local port, from <c>/proc/net/tcp</c> and <c>tcp6</c> (Linux), counted on the client side.</summary>
public static class SocketCount
{
    private const string Established = "01";

    public static int EstablishedTo(int port)
    {
        var count = 0;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 4 || fields[3] != Established) continue;
                if (Port(fields[2]) == port) count++; // remote address is the simulator: one client end of a connection
            }
        }
        return count;
    }

    private static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
