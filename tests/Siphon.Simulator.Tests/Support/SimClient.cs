using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Siphon.Simulator.Tests;

/// <summary>An HttpClient on a running simulator, with the credentials and the few steps every test repeats.</summary>
internal sealed class SimClient : IDisposable
{
    public SimClient(SimulatorHost sim, bool followRedirects = true)
    {
        Sim = sim;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = sim.BaseUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public SimulatorHost Sim { get; }

    public HttpClient Http { get; }

    public static CancellationToken Ct => CancellationToken.None;

    public HttpRequestMessage Bearer(HttpMethod method, string path, string? knobs = null) => Request(method, path, knobs, r =>
        r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Sim.Options.BearerToken));

    public HttpRequestMessage ApiKey(HttpMethod method, string path, object? body = null, string? knobs = null) => Request(method, path, knobs, r =>
    {
        r.Headers.Add(Sim.Options.ApiKeyHeader, Sim.Options.ApiKey);
        if (body is not null) r.Content = JsonContent.Create(body);
    });

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => await Http.SendAsync(request, Ct);

    public async Task<JsonElement> JsonAsync(HttpRequestMessage request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{request.Method} {request.RequestUri}: expected {expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<byte[]> BytesAsync(string url)
    {
        using var response = await Http.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    public async Task<ExpectedRecords> ExpectedAsync(string query)
    {
        var json = await JsonAsync(new HttpRequestMessage(HttpMethod.Get, "__expected?" + query));
        return new ExpectedRecords(json.GetProperty("records").GetInt64(), json.GetProperty("checksum").GetString()!);
    }

    // Contacts: the SendGrid-like family, used by most knob tests because it is the simplest.
    public async Task<string> CreateContactsAsync(string? knobs = null)
    {
        var json = await JsonAsync(Bearer(HttpMethod.Post, "v3/marketing/contacts/exports", knobs), HttpStatusCode.Accepted);
        return json.GetProperty("id").GetString()!;
    }

    public Task<JsonElement> PollContactsAsync(string id, HttpStatusCode expected = HttpStatusCode.OK) =>
        JsonAsync(Bearer(HttpMethod.Get, $"v3/marketing/contacts/exports/{id}"), expected);

    public async Task<string[]> PollContactsUntilReadyAsync(string id, int maxPolls = 20)
    {
        for (var i = 0; i < maxPolls; i++)
        {
            var status = await PollContactsAsync(id);
            if (status.GetProperty("status").GetString() == "ready")
            {
                return status.GetProperty("urls").EnumerateArray().Select(u => u.GetString()!).ToArray();
            }
        }

        throw new Xunit.Sdk.XunitException($"job {id} not ready after {maxPolls} polls");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? knobs, Action<HttpRequestMessage> authorize)
    {
        var request = new HttpRequestMessage(method, path);
        authorize(request);
        if (knobs is not null) request.Headers.Add("X-Sim-Knobs", knobs);
        return request;
    }

    public void Dispose() => Http.Dispose();

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
