using Siphon.Http;
using Siphon.Retrieval;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// One read of a <see cref="DatetimeBasedCursor"/>: the windows of each partition, which of them were read, and the
/// state that follows. Windows are registered as they are handed out, in order; a partition's state is the end of its
/// longest prefix of read windows, so a read stopped anywhere resumes without a gap.
/// </summary>
internal sealed class DatetimeCursorRun : CursorRun
{
    private readonly DatetimeBasedCursor _cursor;
    private readonly DatetimeWindowSettings _settings;
    private readonly StreamStateStore _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Progress> _partitions = new(StringComparer.Ordinal);
    private readonly object? _globalState;
    private bool _partitioned;

    public DatetimeCursorRun(DatetimeBasedCursor cursor, DatetimeWindowSettings settings, StreamStateStore store)
    {
        _cursor = cursor;
        _settings = settings;
        _store = store;
        _globalState = store.Get(settings.CursorField)
            ?? (store.Get("state") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault(settings.CursorField);
        if (store.Get("states") is List<object?> states)
            foreach (var entry in states.OfType<IReadOnlyDictionary<string, object?>>())
                if (entry.GetValueOrDefault("partition") is IReadOnlyDictionary<string, object?> partition)
                {
                    var value = (entry.GetValueOrDefault("cursor") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault(settings.CursorField);
                    _partitions[CursorValues.PartitionKey(partition)] = new Progress(partition, cursor.Parse(value), value);
                    _partitioned = true;
                }
    }

    public override IEnumerable<StreamSlice> Windows(StreamSlice partition)
    {
        var key = partition.Partition.Count == 0 ? "" : CursorValues.PartitionKey(partition.Partition);
        Progress progress;
        lock (_gate)
        {
            if (key.Length > 0) _partitioned = true;
            if (!_partitions.TryGetValue(key, out progress!))
                _partitions[key] = progress = new Progress(partition.Partition, key.Length == 0 ? _cursor.Parse(_globalState) : null, key.Length == 0 ? _globalState : null);
        }
        // A partition without a state of its own starts from the stream-wide state of an older read, if any.
        var resumeFrom = progress.Committed ?? _cursor.Parse(_globalState);
        var lower = _settings.Start;
        if (resumeFrom is { } state)
        {
            var resumed = _settings.Lookback is not null && CursorValues.IsPositive(_settings.Lookback)
                ? CursorValues.Add(state, _settings.Lookback, -1)
                : CursorValues.Add(state, _settings.Granularity);
            if (resumed > lower) lower = resumed;
        }
        return Generate(partition, progress, lower);
    }

    private IEnumerable<StreamSlice> Generate(StreamSlice partition, Progress progress, DateTimeOffset lower)
    {
        var end = _settings.End;
        var step = _cursor.IsDataFeed ? null : _settings.Step;
        while (lower <= end)
        {
            DateTimeOffset? boundary = null;
            if (step is not null)
            {
                var next = CursorValues.Add(lower, step);
                var clamped = _cursor.ClampStart(next);
                boundary = clamped > lower ? clamped : next;
            }
            var upper = boundary is { } b ? CursorValues.Add(b, _settings.Granularity, -1) : end;
            if (upper > end) upper = end;
            if (upper < lower) upper = lower;
            var window = new Window(_cursor.Format(lower), _cursor.Format(upper), upper);
            lock (_gate) progress.Windows.Add(window);
            var cursorSlice = JsonValues.NewObject(2);
            cursorSlice[_cursor.StartField] = window.Start;
            cursorSlice[_cursor.EndField] = window.End;
            yield return partition with { CursorSlice = cursorSlice };
            if (upper >= end || boundary is null) yield break;
            lower = CursorValues.IsPositive(_settings.Granularity) ? CursorValues.Add(upper, _settings.Granularity) : boundary.Value;
        }
    }

    public override void AddRequestOptions(StreamSlice slice, List<InjectedOption> options) => _cursor.AddRequestOptions(slice, options);

    public override void Close(StreamSlice slice)
    {
        var key = slice.Partition.Count == 0 ? "" : CursorValues.PartitionKey(slice.Partition);
        var start = CursorValues.Text(slice.CursorSlice.GetValueOrDefault(_cursor.StartField));
        var end = CursorValues.Text(slice.CursorSlice.GetValueOrDefault(_cursor.EndField));
        lock (_gate)
        {
            if (!_partitions.TryGetValue(key, out var progress)) return;
            var window = progress.Windows.FindIndex(progress.Read, w => !w.Done && w.Start == start && w.End == end);
            if (window < 0) return;
            progress.Windows[window] = progress.Windows[window] with { Done = true };
            var advanced = false;
            while (progress.Read < progress.Windows.Count && progress.Windows[progress.Read].Done)
            {
                var read = progress.Windows[progress.Read++];
                if (progress.Committed is null || read.Upper > progress.Committed)
                {
                    progress.Committed = read.Upper;
                    progress.CommittedText = read.End;
                    advanced = true;
                }
            }
            if (advanced && !_cursor.IsGlobal) Write();
        }
    }

    public override void Complete()
    {
        lock (_gate)
        {
            if (!_cursor.IsGlobal || _partitions.Count == 0) return;
            var reached = _partitions.Values.Where(p => p.Committed is not null).Select(p => p.Committed!.Value).ToList();
            if (reached.Count == _partitions.Count) _store.Set(_settings.CursorField, _cursor.Format(reached.Min()));
        }
    }

    private void Write()
    {
        if (!_partitioned)
        {
            if (_partitions.TryGetValue("", out var global) && global.CommittedText is not null) _store.Set(_settings.CursorField, global.CommittedText);
            return;
        }
        var states = new List<object?>();
        foreach (var progress in _partitions.Values)
        {
            if (progress.CommittedText is null || progress.Partition.Count == 0) continue;
            var cursor = JsonValues.NewObject(1);
            cursor[_settings.CursorField] = progress.CommittedText;
            var entry = JsonValues.NewObject(2);
            entry["partition"] = progress.Partition;
            entry["cursor"] = cursor;
            states.Add(entry);
        }
        _store.Set("states", states);
    }

    public override bool ShouldEmit(Dictionary<string, object?> record, StreamSlice slice)
    {
        if (!_cursor.IsClientSide) return true;
        if (_cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is not { } value) return true;
        var lower = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.StartField));
        var upper = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.EndField));
        return (lower is null || value >= lower) && (upper is null || value <= upper);
    }

    public override bool StopsPagination(Dictionary<string, object?> record, StreamSlice slice)
    {
        if (!_cursor.IsDataFeed) return false;
        var lower = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.StartField));
        return lower is not null && _cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is { } value && value < lower;
    }

    private sealed record Window(string Start, string End, DateTimeOffset Upper)
    {
        public bool Done { get; init; }
    }

    private sealed class Progress(IReadOnlyDictionary<string, object?> partition, DateTimeOffset? committed, object? committedText)
    {
        public IReadOnlyDictionary<string, object?> Partition { get; } = partition;
        public List<Window> Windows { get; } = [];
        public int Read { get; set; }
        public DateTimeOffset? Committed { get; set; } = committed;
        public string? CommittedText { get; set; } = committedText is null ? null : CursorValues.Text(committedText);
    }
}
