using System.Net;

namespace Siphon.Http;

/// <summary>Settings of the one HTTP client of a run.</summary>
public sealed record HttpSessionOptions
{
    /// <summary>How long a request may wait for its response headers (body streaming is not limited).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a request still waiting for its response headers says so (<see cref="HttpStillWaiting"/>).</summary>
    public TimeSpan HeaderWaitNotice { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(10);

    public int MaxConnectionsPerServer { get; init; } = 16;

    /// <summary>How many characters of a body run events and error messages show.</summary>
    public int PreviewLength { get; init; } = 500;

    /// <summary>
    /// URL prefixes rewritten before each request is sent (first match wins), e.g. <c>https://api.sendgrid.com</c> to a
    /// simulator's base URL; what the CLI's <c>--map-url FROM=TO</c> sets (<see cref="UrlMapping.Parse"/>). Run events
    /// and errors show the URL the manifest asked for.
    /// </summary>
    public IReadOnlyList<UrlMapping> UrlMappings { get; init; } = [];

    /// <summary>The manifest's <c>api_budget</c>: requests wait until its call-rate policies allow them.</summary>
    public Budget.HttpApiBudget? ApiBudget { get; init; }

    /// <summary>Refuse link-local and cloud-metadata addresses (<see cref="LinkLocalGuard"/>): for reads whose URLs a web page may have chosen.</summary>
    public bool RefuseLinkLocal { get; init; }

    /// <summary>
    /// Give up at the first connection refused, unknown host or TLS failure instead of retrying: a test read wants to know
    /// at once that the URL is wrong, and no retry fixes it. Syncs keep their retries (a restarting server comes back).
    /// </summary>
    public bool FailFastWhenUnreachable { get; init; }

    /// <summary>
    /// How long a download body may deliver no byte before the transfer counts as broken (resumed with <c>Range</c> or
    /// downloaded again, like a reset connection): a stalled server never closes the connection by itself.
    /// </summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static HttpSessionOptions Default { get; } = new();
}

/// <summary>
/// The HTTP client of one run: one pooled <see cref="HttpClient"/> (HTTP/1.1 and HTTP/2, transport decompression),
/// with the URL mappings and the API budget in its handlers. What the rest of the run shares (events, clock, jitter,
/// redaction, components' run state) is the <see cref="RunContext"/> it refers to.
/// </summary>
public sealed class HttpSession : IDisposable
{
    /// <summary>A session with a run context made of the given parts (each defaulted when null).</summary>
    public HttpSession(HttpSessionOptions? options = null, IRunEventSink? events = null, SecretRedactor? redactor = null,
        TimeProvider? time = null, Random? jitter = null, HttpMessageHandler? handler = null)
        : this(new RunContext(events, redactor, time, jitter), options, handler)
    {
    }

    public HttpSession(RunContext run, HttpSessionOptions? options = null, HttpMessageHandler? handler = null)
    {
        Run = run;
        Options = options ?? HttpSessionOptions.Default;
        handler ??= DefaultHandler(Options);
        if (Options.UrlMappings.Count > 0) handler = new UrlMappingHandler(Options.UrlMappings, handler);
        // Outside the URL mapping, so policies match the URLs the manifest wrote.
        if (Options.ApiBudget is { } budget) handler = new Budget.ApiBudgetHandler(budget, run.Time, handler);
        Client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Options.RequestTimeout,
            // HTTP/2 where TLS negotiates it (ALPN), HTTP/1.1 otherwise (including cleartext).
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
    }

    /// <summary>The request option carrying the number of an attempt (<see cref="HttpRequestSent.Exchange"/>), for message handlers.</summary>
    public static readonly HttpRequestOptionsKey<long> ExchangeKey = new("siphon.exchange");

    private long _exchanges;

    /// <summary>The handler a session uses when none is given: pooled sockets, transport decompression, redirects followed.</summary>
    public static SocketsHttpHandler DefaultHandler(HttpSessionOptions? options = null)
    {
        options ??= HttpSessionOptions.Default;
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = true,
        };
        if (options.RefuseLinkLocal) handler.ConnectCallback = LinkLocalGuard.ConnectAsync;
        return handler;
    }

    internal long NextExchange() => Interlocked.Increment(ref _exchanges);

    /// <summary>What the run shares besides the client: events, clock, jitter, redaction, components' run state.</summary>
    public RunContext Run { get; }
    public HttpSessionOptions Options { get; }
    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
