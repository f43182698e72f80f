using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Siphon.Builder;

namespace Siphon.Builder.Tests;

/// <summary>The builder's server on loopback and a client of its API.</summary>
public sealed class BuilderClient : IAsyncDisposable
{
    private BuilderClient(BuilderHost host)
    {
        Host = host;
        Http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new("Bearer", host.AccessToken);
    }

    public BuilderHost Host { get; }
    public HttpClient Http { get; }

    public static async Task<BuilderClient> StartAsync() => new(await BuilderHost.StartAsync());

    /// <summary>Starts a test read; the body's fields are the API's (manifest, config, stream, record_limit...).</summary>
    public async Task<string> StartTestReadAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("api/test-reads", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Reads the server-sent events until the stream ends; <paramref name="onEvent"/> sees each (kind, data) as it arrives.</summary>
    public async Task<string> ReadEventsAsync(string id, Func<string, JsonElement, Task>? onEvent = null)
    {
        using var response = await Http.GetAsync($"api/test-reads/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var all = new StringBuilder();
        string? kind = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            all.AppendLine(line);
            if (line.StartsWith("event: ", StringComparison.Ordinal)) kind = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && onEvent is not null)
                await onEvent(kind!, JsonDocument.Parse(line[6..]).RootElement.Clone());
        }
        return all.ToString();
    }

    public async Task<string> ResultAsync(string id)
    {
        using var response = await Http.GetAsync($"api/test-reads/{id}?wait=60");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, text);
        return text;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
