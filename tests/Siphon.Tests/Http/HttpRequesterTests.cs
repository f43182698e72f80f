using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Siphon.Http;
using Siphon.Runs;
using Siphon.Tests.Http.Support;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class HttpRequesterTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<RecordedRequest> SendAsync(string yaml, params InjectedOption[] options)
    {
        using var session = new HttpSession();
        using var exchange = await Requester(yaml).SendAsync(new RequestContext(session, Step.Page("test"), Scope(Config("""{"region": "eu", "page_size": 50}""")))
        { Options = options }, None);
        Assert.Equal(200, exchange.Status);
        Assert.True(server.Requests.TryDequeue(out var request));
        return request!;
    }

    [Theory]
    [InlineData("url_base: BASE/v3/\npath: /items", "/v3/items")]
    [InlineData("url_base: BASE/v3\npath: items", "/v3/items")]
    [InlineData("url_base: BASE/v3", "/v3")]
    [InlineData("url: \"BASE/{{ config['region'] }}/items\"", "/eu/items")]
    public async Task SendAsync_UrlForms_JoinAsTheReferenceDoes(string urlYaml, string expectedPath)
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync("type: HttpRequester\n" + urlYaml.Replace("BASE", server.BaseUrl));

        Assert.Equal(expectedPath, request.Path);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task SendAsync_EachMethod_IsSent(string method)
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($"type: HttpRequester\nurl: {server.BaseUrl}/x\nhttp_method: {method}");

        Assert.Equal(method, request.Method);
    }

    [Fact]
    public async Task SendAsync_ParametersAndHeaders_AreRenderedAndNoneDropped()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/items?fixed=1
            request_parameters:
              limit: "{{ config['page_size'] }}"
              region: "{{ config['region'] }}"
              missing: "{{ config.get('nothing') }}"
              q: "a b&c"
            request_headers:
              X-Region: "{{ config['region'] | upper }}"
              Accept: application/json
            """);

        Assert.Equal("?fixed=1&limit=50&region=eu&q=a%20b%26c", request.Query);
        Assert.Equal("EU", request.Header("X-Region"));
        Assert.Equal("application/json", request.Header("Accept"));
    }

    [Fact]
    public async Task SendAsync_RequestBodyJson_SendsNestedTypedJsonWithoutNone()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/jobs
            http_method: POST
            request_body_json:
              query: { select: [id, name], limit: "{{ config['page_size'] }}" }
              gone: "{{ None }}"
            """);

        Assert.Equal("""{"query":{"select":["id","name"],"limit":50}}""", request.Body);
        Assert.StartsWith("application/json", request.Header("Content-Type"));
    }

    [Fact]
    public async Task SendAsync_RequestBodyDataMapping_SendsAForm()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/form
            http_method: POST
            request_body_data: { region: "{{ config['region'] }}", note: "a b" }
            """);

        Assert.Equal("region=eu&note=a+b", request.Body);
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
    }

    [Fact]
    public async Task SendAsync_RequestBodyDataString_SendsRawText()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/raw
            http_method: POST
            request_body_data: '{"AccountIds": ["{{ config.region }}"]}'
            request_headers: { Content-Type: application/json }
            """);

        Assert.Equal("""{"AccountIds": ["eu"]}""", request.Body);
        Assert.Equal("application/json", request.Header("Content-Type"));
    }

    [Theory]
    [InlineData("type: RequestBodyJsonObject\n  value: { region: \"{{ config.region }}\", n: 2 }", """{"region":"eu","n":2}""", "application/json; charset=utf-8")]
    [InlineData("type: RequestBodyUrlEncodedForm\n  value: { region: \"{{ config.region }}\", n: 2 }", "region=eu&n=2", "application/x-www-form-urlencoded")]
    [InlineData("type: RequestBodyPlainText\n  value: \"region={{ config.region }}\"", "region=eu", "text/plain; charset=utf-8")]
    [InlineData("type: RequestBodyGraphQL\n  value: { query: \"{ items(region: \\\"{{ config.region }}\\\") { id } }\" }", """{"query":"{ items(region: \"eu\") { id } }"}""", "application/json; charset=utf-8")]
    public async Task SendAsync_TypedRequestBody_SendsEachKind(string body, string expected, string contentType)
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($"type: HttpRequester\nurl: {server.BaseUrl}/b\nhttp_method: POST\nrequest_body:\n  {body}\n");

        Assert.Equal(expected, request.Body);
        Assert.Equal(contentType, request.Header("Content-Type"));
    }

    [Fact]
    public async Task SendAsync_InjectedOptions_GoIntoQueryHeaderAndJsonBody()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/search
            http_method: POST
            request_body_json: { filter: { kind: all } }
            """,
            new InjectedOption(Option("inject_into: request_parameter\nfield_name: cursor"), "abc"),
            new InjectedOption(Option("inject_into: header\nfield_name: X-Partition"), 7L),
            new InjectedOption(Option("inject_into: body_json\nfield_path: [filter, since]"), "2026-01-01"),
            new InjectedOption(Option("inject_into: body_json\nfield_name: \"{{ 'page' }}_size\""), 100L));

        Assert.Equal("?cursor=abc", request.Query);
        Assert.Equal("7", request.Header("X-Partition"));
        Assert.Equal("""{"filter":{"kind":"all","since":"2026-01-01"},"page_size":100}""", request.Body);
    }

    [Fact]
    public async Task SendAsync_InjectedBodyData_GoesIntoTheForm()
    {
        server.Respond((200, "{}", []));

        var request = await SendAsync($"type: HttpRequester\nurl: {server.BaseUrl}/f\nhttp_method: POST\nrequest_body_data: {{ a: 1 }}",
            new InjectedOption(Option("inject_into: body_data\nfield_name: offset"), 20L));

        Assert.Equal("a=1&offset=20", request.Body);
    }

    [Fact]
    public async Task SendAsync_RequestPath_ReplacesThePathOrTheWholeUrl()
    {
        server.Respond((200, "{}", []));
        var path = new RequestPath();

        var relative = await SendAsync($"type: HttpRequester\nurl_base: {server.BaseUrl}/v1\npath: /items", new InjectedOption(path, "/items?page=2"));
        var absolute = await SendAsync($"type: HttpRequester\nurl_base: {server.BaseUrl}/v1\npath: /items", new InjectedOption(path, $"{server.BaseUrl}/next/3"));

        Assert.Equal(("/v1/items", "?page=2"), (relative.Path, relative.Query));
        Assert.Equal("/next/3", absolute.Path);
    }

    [Fact]
    public async Task SendAsync_ConflictingInjectedParameter_FailsNamingTheStep()
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();
        var requester = Requester($"type: HttpRequester\nurl: {server.BaseUrl}/x\nrequest_parameters: {{ page: 1 }}");

        var error = await Assert.ThrowsAsync<HttpRequestBuildException>(() => requester.SendAsync(
            new RequestContext(session, Step.Page("read items"), Scope()) { Options = [new(Option("inject_into: request_parameter\nfield_name: page"), 2L)] }, None));

        Assert.Equal("read items: query parameter 'page' is set twice with different values", error.Message);
    }

    [Fact]
    public async Task SendAsync_StepVariables_AreVisibleToTemplates()
    {
        server.Respond((200, "{}", []));
        using var session = new HttpSession();
        var requester = Requester($$$"""
            type: HttpRequester
            url_base: {{{server.BaseUrl}}}
            path: "/exports/{{ creation_response['id'] }}/{{ parameters['resource'] }}"
            $parameters: { resource: contacts }
            """);

        using var _ = await requester.SendAsync(new RequestContext(session, Step.Page("poll"), Scope(null, null, ("creation_response", Config("""{"id": "7f3a"}""")))), None);

        Assert.True(server.Requests.TryDequeue(out var request));
        Assert.Equal("/exports/7f3a/contacts", request!.Path);
    }

    [Fact]
    public async Task SendAsync_GzipTransportEncoding_IsDecompressedWhileStreaming()
    {
        server.Reset(async context =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentType = "application/json";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest);
            await gzip.WriteAsync("""{"items": [1, 2, 3]}"""u8.ToArray());
        });
        using var session = new HttpSession();

        using var exchange = await Requester($"type: HttpRequester\nurl: {server.BaseUrl}/gz").SendAsync(new RequestContext(session, Step.Page("read"), Scope()), None);
        await using var body = await exchange.OpenBodyAsync(None);
        using var reader = new StreamReader(body);

        Assert.Equal("""{"items": [1, 2, 3]}""", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task ReadJsonAsync_JsonBody_IsAValue()
    {
        server.Respond((200, """{"id": "7f3a", "n": 5}""", [("X-Job", "1")]));
        using var session = new HttpSession();

        using var exchange = await Requester($"type: HttpRequester\nurl: {server.BaseUrl}/j").SendAsync(new RequestContext(session, Step.Page("create job"), Scope()), None);
        var body = Assert.IsType<Dictionary<string, object?>>(await exchange.ReadJsonAsync(None));

        Assert.Equal("7f3a", body["id"]);
        Assert.Equal(5L, body["n"]);
        Assert.Equal("1", exchange.HeadersValue()["x-job"]);
    }

    [Fact]
    public async Task SendAsync_Events_ReportTheExchangeWithSecretsRedacted()
    {
        server.Respond((200, "{}", []));
        var sink = new RecordingSink();
        var redactor = SecretRedactor.FromSpec(
            Siphon.Values.JsonValues.Parse("""{"type":"object","properties":{"api_key":{"type":"string","airbyte_secret":true}}}"""),
            Config("""{"api_key": "s3cr3t-key"}"""));
        using var session = new HttpSession(events: sink, redactor: redactor);
        var requester = Requester($$$"""
            type: HttpRequester
            url: {{{server.BaseUrl}}}/items
            http_method: POST
            request_parameters: { key: "{{ config['api_key'] }}" }
            request_body_json: { token: "{{ config['api_key'] }}" }
            authenticator: { type: BearerAuthenticator, api_token: "{{ config['api_key'] }}" }
            """);

        using var _ = await requester.SendAsync(new RequestContext(session, Step.Page("read items"), Scope(Config("""{"api_key": "s3cr3t-key"}"""))), None);

        var sent = Assert.Single(sink.Of<HttpRequestSent>());
        Assert.Equal(("read items", "POST", $"{server.BaseUrl}/items?key=****"), (sent.Step.Text, sent.Method, sent.Url));
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer ****"), sent.Headers);
        Assert.Equal("""{"token":"****"}""", sent.BodyPreview);
        var received = Assert.Single(sink.Of<HttpResponseReceived>());
        Assert.Equal((200, 1), (received.Status, received.Attempt));
        Assert.True(server.Requests.TryDequeue(out var request));
        Assert.Equal("Bearer s3cr3t-key", request!.Header("Authorization"));
    }

    [Fact]
    public async Task SendAsync_ErrorResponse_MessageNamesStepMethodUrlStatusAndExcerpt()
    {
        server.Respond((403, """{"message": "token expired"}""", []));
        using var session = new HttpSession();
        var requester = Requester($"type: HttpRequester\nurl_base: {server.BaseUrl}\npath: \"/v3/exports/{{{{ creation_response.id }}}}\"");

        var error = await Assert.ThrowsAsync<HttpRequestFailedException>(() =>
            requester.SendAsync(new RequestContext(session, Step.PollJob("7f3a"), Scope(null, null, ("creation_response", Config("""{"id":"7f3a"}""")))), None));

        Assert.Equal($"poll job 7f3a: GET {server.BaseUrl}/v3/exports/7f3a returned 403 Forbidden: \"token expired\"", error.Message);
        Assert.Equal((403, Siphon.Http.ErrorHandling.FailureType.ConfigError, 1), (error.Status, error.FailureType, error.Attempts));
    }

    private static RequestOption Option(string yaml) => HttpTestKit.Option(yaml);
}
