using Microsoft.Extensions.Time.Testing;
using Siphon.Components;
using Siphon.Http;
using Siphon.Manifest;
using Siphon.Runs;
using Siphon.Templates;
using Siphon.Tests.Support;

namespace Siphon.Tests.Http.Support;

/// <summary>Builds HTTP components from YAML through the real registry and validator, and runs them on a session.</summary>
public static class HttpTestKit
{
    private const string Header = "version: 6.5.0\ncheck: { stream_names: [items] }\n";

    /// <summary>Builds the requester written in <paramref name="yaml"/> (a mapping with <c>type: HttpRequester</c>).</summary>
    internal static HttpRequester Requester(string yaml) => Build<HttpRequester>(yaml);

    internal static T Build<T>(string yaml) where T : class
    {
        var indented = string.Join("\n", yaml.Replace("\r", "").Split('\n').Select(line => line.Length == 0 ? line : "        " + line));
        var document = ManifestDocument.Parse("m.yaml", Header + "streams:\n  - name: items\n    retriever:\n      type: TestRetriever\n      requester:\n" + indented + "\n");
        var result = ManifestValidator.Validate(document, Registry);
        var problems = result.Problems.Where(p => p.Severity != ManifestSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        var node = result.Root!.Descendants().First(c => c.Path.EndsWith("retriever.requester", StringComparison.Ordinal));
        return new BuildContext(Registry, "m.yaml").Build<T>(node);
    }

    /// <summary>Builds a RequestOption (written without its type) through the registry.</summary>
    internal static RequestOption Option(string yaml) =>
        Build<Holder>("type: TestHolder\noption:\n  " + yaml.Replace("\n", "\n  ")).Option!;

    internal sealed record Holder(RequestOption? Option);

    private static readonly ComponentSpec HolderSpec = new("TestHolder", ComponentKind.Requester, "Holds components of other kinds for tests.",
        [Field.Component("option", ComponentKind.RequestOption, "A request option.", implied: "RequestOption")])
    {
        Factory = (node, context) => new Holder(context.BuildOptional<RequestOption>(node.Child("option"))),
        Example = "type: TestHolder\n",
    };

    private static readonly ComponentRegistry Registry = new(TestComponents.Registry.All.Concat([HolderSpec]));

    public static Dictionary<string, object?> Config(string json) => (Dictionary<string, object?>)Siphon.Values.JsonValues.Parse(json)!;

    internal static TemplateScope Scope(Dictionary<string, object?>? config = null, TimeProvider? time = null, params (string Name, object? Value)[] variables)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal) { ["config"] = config ?? Config("{}") };
        foreach (var (name, value) in variables) values[name] = value;
        return new TemplateScope(values, time);
    }
}

/// <summary>Collects run events (thread-safe).</summary>
public sealed class RecordingSink : IRunEventSink
{
    private readonly List<RunEvent> _events = [];

    public bool IsEnabled => true;

    public void Publish(RunEvent runEvent)
    {
        lock (_events) _events.Add(runEvent);
    }

    public IReadOnlyList<T> Of<T>() where T : RunEvent
    {
        lock (_events) return [.. _events.OfType<T>()];
    }
}

/// <summary>A fake clock that reports every timer created on it, so a test can wait for a retry's delay and advance exactly past it.</summary>
public sealed class SteppingTimeProvider : FakeTimeProvider
{
    private readonly global::System.Threading.Channels.Channel<TimeSpan> _timers = global::System.Threading.Channels.Channel.CreateUnbounded<TimeSpan>();

    public SteppingTimeProvider() : base(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero)) { }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan) _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (in real time, at most 10 s) for the next timer, advances the clock by its due time and returns it.</summary>
    public async Task<TimeSpan> AdvanceNextTimerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var due = await _timers.Reader.ReadAsync(timeout.Token);
        Advance(due);
        return due;
    }

    /// <summary>Runs <paramref name="send"/>, stepping the clock through every retry delay; returns the result and the delays.</summary>
    public async Task<(T Result, List<TimeSpan> Delays)> RunAsync<T>(Func<Task<T>> send)
    {
        var delays = new List<TimeSpan>();
        var task = send();
        while (!task.IsCompleted)
        {
            var next = _timers.Reader.ReadAsync().AsTask();
            var finished = await Task.WhenAny(task, next, Task.Delay(TimeSpan.FromSeconds(10)));
            if (finished == task) break;
            if (finished != next) throw new TimeoutException("neither a retry timer nor completion within 10 s");
            var due = await next;
            delays.Add(due);
            Advance(due);
        }
        return (await task, delays);
    }
}
