using Siphon.Runs;

namespace Siphon.Tests.Jobs;

/// <summary>
/// CDK 6.5-era manifests (amazon-ads, amazon-seller-partner) read the job responses as raw response objects from the
/// slice: <c>stream_slice['create_job_response'].json()[...]</c> and <c>.request.headers[...]</c>.
/// </summary>
public sealed class LegacyJobResponseTests
{
    private const string Manifest = """
        version: 6.5.0
        check: { stream_names: [items] }
        definitions:
          auth: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
        streams:
          - name: items
            retriever:
              type: AsyncRetriever
              polling: { initial_interval: PT0.02S, max_interval: PT0.05S }
              creation_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports"
                http_method: POST
                authenticator: "#/definitions/auth"
                request_headers: { X-Scope: "42" }
              polling_requester:
                url: "{{ config['base_url'] }}/v3/marketing/contacts/exports/{{ stream_slice['create_job_response'].json()['id'] }}"
                authenticator: "#/definitions/auth"
                request_parameters:
                  scope: "{{ stream_slice['create_job_response'].request.headers['X-Scope'] }}"
              download_requester: { url_base: "", path: "{{ stream_slice.extra_fields['url'] }}" }
              status_extractor: { field_path: [status] }
              status_mapping: { running: [pending], completed: [ready], failed: [failed], timeout: [] }
              urls_extractor: { field_path: [urls] }
              record_selector: { extractor: { field_path: [] } }
              download_decoder: { type: GzipDecoder, decoder: { type: CsvDecoder } }
        """;

    [Fact]
    public async Task Read_LegacyResponseObjectAccess_PollsWithTheJobIdAndTheCreationRequestsHeader()
    {
        await using var harness = await AsyncHarness.StartAsync(new Simulator.Knobs { Rows = 120, Files = 2, PollsUntilDone = 1 });
        var retriever = AsyncHarness.Build(Manifest);

        var result = await AsyncHarness.ReadAsync(retriever, harness.Context(harness.Config()));

        var jobId = harness.Simulator.Stats.Jobs[0].Id;
        Assert.Equal(harness.Simulator.ExpectedForJob(jobId), result.Checksum());
        var polls = harness.Events.Of<HttpRequestSent>().Where(e => e.Method == "GET" && e.Url.Contains("/exports/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, polls.Count);
        Assert.All(polls, p => Assert.Contains($"/exports/{jobId}?scope=42", p.Url));
    }
}
