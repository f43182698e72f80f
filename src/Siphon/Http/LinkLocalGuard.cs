using System.Net;
using System.Net.Sockets;

namespace Siphon.Http;

/// <summary>
/// Refuses connections to link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254 and the
/// metadata services of other clouds) for reads that a web page may have chosen the URLs of (the builder's test reads).
/// The check is made on the addresses the name resolved to, at connect time, so a DNS name that points there is refused
/// too, and so is a redirect.
/// </summary>
internal static class LinkLocalGuard
{
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("fd00:ec2::254"),   // AWS IMDS over IPv6
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("192.0.0.192"),     // Oracle Cloud (legacy)
    ];

    public static bool IsRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            if (bytes[0] == 169 && bytes[1] == 254) return true;
        }
        else if (address.IsIPv6LinkLocal) return true;
        return MetadataAddresses.Contains(address);
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host and connects to an address that is allowed.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = addresses.Where(a => !IsRefused(a)).ToArray();
        if (allowed.Length == 0)
            throw new AddressRefusedException($"refused to connect to {host} ({string.Join(", ", addresses.Select(a => a.ToString()))}): a link-local or cloud-metadata address " +
                "(start `siphon serve --allow-link-local` to allow it)");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A connection refused by policy (<see cref="LinkLocalGuard"/>): a configuration error, never retried.</summary>
public sealed class AddressRefusedException(string message) : IOException(message);
