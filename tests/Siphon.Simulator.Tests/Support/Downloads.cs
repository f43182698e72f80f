using System.Net.Http.Headers;

namespace Siphon.Simulator.Tests;

/// <summary>Downloads that may break: returns what arrived before the connection died.</summary>
internal static class Downloads
{
    public static async Task<(byte[] Bytes, bool Broken, HttpResponseMessage Response)> ReadAsync(HttpClient http, string url, long? rangeFrom = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (rangeFrom is not null) request.Headers.Range = new RangeHeaderValue(rangeFrom, null);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var buffer = new MemoryStream();
        var broken = false;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var chunk = new byte[8192];
            int n;
            while ((n = await body.ReadAsync(chunk)) > 0) buffer.Write(chunk, 0, n);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            broken = true;
        }

        return (buffer.ToArray(), broken, response);
    }
}
