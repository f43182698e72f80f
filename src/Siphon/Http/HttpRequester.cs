using System.Net.Http.Headers;
using System.Text;
using Siphon.Components;
using Siphon.Http.Auth;
using Siphon.Http.Bodies;
using Siphon.Http.ErrorHandling;
using Siphon.Templates;

namespace Siphon.Http;

/// <summary>
/// One kind of request a stream or job step makes: URL, method, templated query parameters, headers and body,
/// its own authenticator and error handler. Built once (templates compiled); <see cref="SendAsync"/> assembles and
/// sends a request per call with the run's <see cref="HttpSession"/>.
/// </summary>
internal sealed class HttpRequester
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly string[] StepVariables = ["stream_slice", "stream_partition", "stream_interval", "next_page_token",
        "creation_response", "polling_response", "download_target"];

    public static readonly ComponentSpec Spec = new("HttpRequester", ComponentKind.Requester,
        "Sends an HTTP request built from templated URL, parameters, headers and body, with authentication and error handling.",
        [
            Field.Template("url", "The full URL (replaces url_base + path).", variables: StepVariables),
            Field.Template("url_base", "Base URL; path is appended to it (older form of url).", variables: StepVariables),
            Field.Template("path", "Path appended to url_base; leading slashes are ignored.", variables: StepVariables),
            Field.Enum("http_method", "The method (the reference allows GET and POST; Siphon also PUT, PATCH and DELETE).", Methods, "GET"),
            Field.Component("authenticator", ComponentKind.Authenticator, "Credentials for this request; none when absent."),
            Field.Component("error_handler", ComponentKind.ErrorHandler, "What to do with error responses; the reference's default mapping when absent.", implied: "DefaultErrorHandler"),
            new FieldSpec("request_parameters", FieldType.TemplateMap, "Query parameters; values are templates, None values are dropped, and a QueryProperties component may stand for a value.") { TemplateVariables = StepVariables, Kind = ComponentKind.QueryProperties },
            new FieldSpec("request_headers", FieldType.TemplateMap, "Headers; values are templates.") { TemplateVariables = StepVariables },
            Field.Any("request_body_json", "JSON body (older form of request_body); strings inside are templates."),
            Field.Any("request_body_data", "Form body as a mapping, or raw text (older form of request_body)."),
            Field.Component("request_body", ComponentKind.RequestBody, "Typed body: JSON object, URL-encoded form, plain text or GraphQL."),
            Field.Component("query_properties", ComponentKind.QueryProperties, "Properties requested from the API, possibly in chunks whose records are merged."),
            Field.Component("fetch_properties_from_endpoint", ComponentKind.PropertiesFromEndpoint, "Properties to request, read from another endpoint."),
            Field.Boolean("use_cache", "Cache responses (accepted and ignored: Siphon does not cache)."),
            Field.Any("decoder", "Decoder of the responses (read by the retriever, not the requester)."),
            Field.String("name", "A name for the requester, often given through $parameters."),
        ])
    {
        // The reference builds the URL from url, else url_base and path; a path alone may be a full URL rendered from
        // the slice (a download link). With none of the three, a request can never be sent.
        RequiredOneOf = [["url", "url_base", "path"]],
        Factory = (node, context) => new HttpRequester(node, context),
        Example = """
            type: HttpRequester
            url_base: https://api.example.com/v3
            path: "/exports/{{ creation_response['id'] }}"
            http_method: GET
            request_parameters:
              limit: 100
              since: "{{ stream_interval.start_time }}"
            request_headers:
              Accept: application/json
            authenticator:
              type: BearerAuthenticator
              api_token: "{{ config['api_key'] }}"
            """,
    };

    private readonly Template? _url;
    private readonly Template? _urlBase;
    private readonly Template? _path;

    /// <summary>The templates the request URL is rendered from (url, url_base, path), as written in the manifest.</summary>
    internal IEnumerable<string> UrlSources => new[] { _url, _urlBase, _path }.OfType<Template>().Select(t => t.Source);
    private readonly ValueTemplate? _parameters;
    private readonly ValueTemplate? _headers;
    private readonly ValueTemplate? _bodyJson;
    private readonly ValueTemplate? _bodyData;
    private readonly IRequestBody? _body;
    private readonly Dictionary<string, object?> _parameterValues;

    private HttpRequester(ComponentNode node, BuildContext context)
    {
        Template? Compile(string field) => node.Text(field) is { } text ? Template.Compile(text, node.FieldPath(field)) : null;
        ValueTemplate? CompileValue(string field) => node.Value(field) is { } value && value.ToValue() is not null
            ? ValueTemplate.Compile(value.ToValue(), node.FieldPath(field)) : null;

        _url = Compile("url");
        _urlBase = Compile("url_base");
        _path = Compile("path");
        if (_url is null && _urlBase is null && node.Text("path") is { } relative && !relative.Contains("{{", StringComparison.Ordinal)
            && !(Uri.TryCreate(relative, UriKind.Absolute, out var full) && full.Scheme is "http" or "https"))
            throw new ComponentBuildException(node.Position, node.FieldPath("path"), $"path '{relative}' is relative and there is no url or url_base to join it to");
        Method = new HttpMethod(node.Text("http_method")!);
        (QueryProperties, var queryPropertiesKey) = QueryPropertiesOf(node, context);
        QueryPropertiesParameter = queryPropertiesKey is null ? null : new RequestOption("request_parameter", queryPropertiesKey);
        _parameters = queryPropertiesKey is null ? CompileValue("request_parameters")
            : ValueTemplate.Compile(ParametersWithout(node, queryPropertiesKey), node.FieldPath("request_parameters"));
        _headers = CompileValue("request_headers");
        _bodyJson = CompileValue("request_body_json");
        _bodyData = CompileValue("request_body_data");
        _body = context.BuildOptional<IRequestBody>(node.Child("request_body"));
        if (new object?[] { _bodyJson, _bodyData, _body }.Count(b => b is not null) > 1)
            throw new ComponentBuildException(node.Position, node.Path, "use only one of request_body, request_body_json and request_body_data");
        Authenticator = context.BuildOptional<IAuthenticator>(node.Child("authenticator"));
        // The legacy session authenticator's URLs are relative to the requester's url_base, as the reference builds it.
        if (Authenticator is LegacySessionTokenAuthenticator legacy) Authenticator = legacy.At(_urlBase ?? _url);
        ErrorHandler = context.BuildOptional<IErrorHandler>(node.Child("error_handler")) ?? DefaultErrorHandler.Standard;
        Name = node.Text("name");
        _parameterValues = node.ParameterValues();
    }

    /// <summary>The properties to request, in chunks (<c>query_properties</c>, a request parameter, or <c>fetch_properties_from_endpoint</c>).</summary>
    public QueryProperties.QueryProperties? QueryProperties { get; }

    /// <summary>The request parameter a chunk of query properties goes into (joined with ','), when a QueryProperties stands for one.</summary>
    public RequestOption? QueryPropertiesParameter { get; }

    /// <summary>
    /// As the reference: a QueryProperties in request_parameters (at most one) gives its chunks to that parameter; else
    /// the deprecated fetch_properties_from_endpoint or query_properties give them to stream_partition.extra_fields only.
    /// </summary>
    private static (QueryProperties.QueryProperties?, string? Key) QueryPropertiesOf(ComponentNode node, BuildContext context)
    {
        var inParameters = node.Children("request_parameters").Where(c => c.Spec.Type == Http.QueryProperties.QueryProperties.Spec.Type).ToList();
        if (inParameters.Count > 1)
            throw new ComponentBuildException(inParameters[1].Position, inParameters[1].Path, $"request_parameters only supports defining one QueryProperties field, but found {inParameters.Count} usages");
        if (inParameters.Count == 1)
        {
            if (node.Has("fetch_properties_from_endpoint") || node.Has("query_properties"))
                throw new ComponentBuildException(node.Position, node.Path, "give the query properties once: in request_parameters, query_properties or fetch_properties_from_endpoint");
            return (context.Build<QueryProperties.QueryProperties>(inParameters[0]), inParameters[0].Path[(node.FieldPath("request_parameters").Length + 1)..]);
        }
        if (node.Child("fetch_properties_from_endpoint") is { } endpoint)
            return (new QueryProperties.QueryProperties(null, context.Build<QueryProperties.PropertiesFromEndpoint>(endpoint), [], null, null), null);
        return (context.BuildOptional<QueryProperties.QueryProperties>(node.Child("query_properties")), null);
    }

    private static object? ParametersWithout(ComponentNode node, string key)
    {
        var parameters = node.Value("request_parameters")!.ToValue() as Dictionary<string, object?>;
        parameters?.Remove(key);
        return parameters;
    }

    public HttpMethod Method { get; }
    public string? Name { get; }
    public IAuthenticator? Authenticator { get; }
    public IErrorHandler ErrorHandler { get; }

    /// <summary>
    /// Sends the request (retrying as the error handler says) and returns the accepted response, its body unread.
    /// Throws <see cref="HttpRequestFailedException"/> when the error handler fails the request or retries run out.
    /// </summary>
    public Task<HttpExchange> SendAsync(RequestContext context, CancellationToken cancellationToken)
    {
        var scope = context.Scope.With("parameters", _parameterValues);
        var sender = new HttpSender(context.Session, context.Step, ErrorHandler, Authenticator, scope, context.Origin, context.RetryCap);
        return sender.SendAsync(async ct => await PrepareAsync(context, scope, ct).ConfigureAwait(false), cancellationToken);
    }

    private async ValueTask<PreparedRequest> PrepareAsync(RequestContext context, TemplateScope scope, CancellationToken cancellationToken)
    {
        var parts = new RequestParts(context.Step.Text);
        try
        {
            AddAll(_parameters, scope, parts.AddQuery, "request_parameters");
            AddAll(_headers, scope, parts.AddHeader, "request_headers");
            if (_bodyJson is not null) RequestBodies.Json(parts, _bodyJson, scope, context.Step.Text);
            if (_bodyData is not null) RequestBodies.Form(parts, _bodyData, scope, context.Step.Text);
            _body?.Apply(parts, scope);
            foreach (var option in context.Options) option.Target.Inject(parts, option.Value, scope);
        }
        catch (TemplateException e) { throw new HttpRequestBuildException($"{context.Step}: {e.Message}", e); }
        if (Authenticator is not null) await Authenticator.ApplyAsync(parts, context, cancellationToken).ConfigureAwait(false);
        return Build(parts, scope);
    }

    private static void AddAll(ValueTemplate? template, TemplateScope scope, Action<string, object?> add, string field)
    {
        switch (template?.Evaluate(scope))
        {
            case null: return;
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    if (value is IReadOnlyDictionary<string, object?>) throw new HttpRequestBuildException($"{field}: '{key}' must not be an object");
                    add(key, value);
                }
                return;
            case var other: throw new HttpRequestBuildException($"{field} must be a mapping, got {ValueTemplate.Text(other)}");
        }
    }

    /// <summary>
    /// The URL: url, or url_base and path joined with one '/'; an injected path replaces path (or all of it when
    /// absolute), and a path alone must be absolute.
    /// </summary>
    internal string Url(RequestParts parts, TemplateScope scope)
    {
        var path = parts.PathOverride ?? _path?.Render(scope) ?? "";
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return path;
        var baseUrl = (_url ?? _urlBase)?.Render(scope) ?? "";
        if (baseUrl.Length == 0) throw new HttpRequestBuildException($"the path '{path}' is not a full URL and there is no url or url_base to join it to");
        if (path.Length == 0) return baseUrl;
        return $"{baseUrl.TrimEnd('/')}/{path.TrimStart('/')}";
    }

    private PreparedRequest Build(RequestParts parts, TemplateScope scope)
    {
        var url = new StringBuilder(Url(parts, scope));
        if (parts.Query.Count > 0)
        {
            var separator = url.ToString().Contains('?') ? '&' : '?';
            foreach (var (key, value) in parts.Query)
            {
                url.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }
        var request = new HttpRequestMessage(Method, url.ToString());
        string? preview = null;
        if (parts.BodyJson is not null)
        {
            if (parts.BodyForm is not null || parts.BodyText is not null) throw new HttpRequestBuildException("a request cannot have both a JSON body and a form or text body");
            preview = Values.JsonValues.ToJson(parts.BodyJson);
            request.Content = new StringContent(preview, Encoding.UTF8, "application/json");
        }
        else if (parts.BodyForm is not null)
        {
            var form = parts.BodyForm.SelectMany(e => e.Value is IEnumerable<object?> many
                ? many.Select(v => new KeyValuePair<string, string>(e.Key, ValueTemplate.Text(v)))
                : [new KeyValuePair<string, string>(e.Key, ValueTemplate.Text(e.Value))]).ToList();
            var content = new FormUrlEncodedContent(form);
            preview = string.Join('&', form.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            request.Content = content;
        }
        else if (parts.BodyText is not null)
        {
            preview = parts.BodyText;
            request.Content = new StringContent(parts.BodyText, Encoding.UTF8);
            request.Content.Headers.ContentType = parts.BodyContentType is null ? null : new MediaTypeHeaderValue(parts.BodyContentType) { CharSet = "utf-8" };
        }
        foreach (var (name, value) in parts.Headers)
        {
            if (request.Headers.TryAddWithoutValidation(name, value)) continue;
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.Remove(name);
            request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return new PreparedRequest(request, preview);
    }
}
