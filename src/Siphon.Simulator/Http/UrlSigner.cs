using System.Security.Cryptography;
using System.Text;

namespace Siphon.Simulator;

/// <summary>
/// Presigned-like download URLs: <c>/files/{job}/{file}?nonce=&amp;expires=&amp;sig=</c>, where sig is an HMAC of the
/// rest. No credential is needed to download, only an untampered URL (as with S3 or Azure SAS URLs).
/// </summary>
internal sealed class UrlSigner(string key)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public string FileUrl(string baseUrl, string jobId, int file, long nonce, long expires) =>
        $"{baseUrl}/files/{jobId}/{file}?nonce={nonce}&expires={expires}&sig={Sign(jobId, file, nonce.ToString(System.Globalization.CultureInfo.InvariantCulture), expires.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    public bool Verify(string jobId, int file, string nonce, string expires, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(jobId, file, nonce, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(string jobId, int file, string nonce, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{jobId}/{file}/{nonce}/{expires}")))[..32];
}
