using Siphon.Http;
using Siphon.Values;

namespace Siphon.Partitions;

/// <summary>
/// One read of a <see cref="DatetimeBasedCursor"/>: the windows of each partition, which of them were read, and the
/// state that follows. Windows are registered as they are handed out, in order. As the reference's concurrent cursor
/// (converted to the sequential state low-code streams emit) does, a partition's state is the newest cursor value
/// observed in its longest prefix of read windows, or where that prefix started when it held no record: the end of a
/// window is not a value the API has shown to be complete (an export taken at 20:10 may lack a record updated at 20:05).
/// A resumed read starts at the state itself (or <c>lookback_window</c> before it), as the reference does. Beside the
/// value the state keeps Siphon's <c>siphon_read_through</c>, the end of that run's last window: a consumer that commits
/// records and state together resumes right after it (<see cref="CursorResume.AfterCommittedWindows"/>), so no window
/// is appended twice.
/// </summary>
internal sealed class DatetimeCursorRun : CursorRun
{
    private readonly DatetimeBasedCursor _cursor;
    private readonly DatetimeWindowSettings _settings;
    private readonly StreamStateStore _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Progress> _partitions = new(StringComparer.Ordinal);
    // Records carry the very cursor slice their window handed out, so observing one needs no key built per record.
    private readonly Dictionary<object, Window> _byCursorSlice = new(ReferenceEqualityComparer.Instance);
    private readonly object? _globalState;
    // Where a stream resumes when its state was the concurrent date-range shape (the end of its first read run).
    private readonly DateTimeOffset? _dateRangeResume;
    private readonly long _lookbackSeconds;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _began;
    private readonly CursorResume _resume;
    private bool _partitioned;
    private bool _useGlobalCursor;
    // The newest cursor value observed in any partition: the global cursor once the whole read completed.
    private DateTimeOffset? _newestObserved;

    public DatetimeCursorRun(DatetimeBasedCursor cursor, DatetimeWindowSettings settings, StreamStateStore store, TimeProvider time, CursorResume resume)
    {
        _resume = resume;
        _cursor = cursor;
        _settings = settings;
        _store = store;
        _time = time;
        _began = time.GetUtcNow();
        var shape = PerPartitionState.Read(store, settings.CursorField);
        _globalState = shape.Global;
        if (DateRangeState.IsIn(store) && DateRangeState.Read(store, cursor.Parse, settings.Granularity) is { } range)
        {
            _globalState = cursor.Format(range.Value);
            _dateRangeResume = range.ResumeAt;
        }
        _lookbackSeconds = shape.LookbackSeconds;
        _useGlobalCursor = shape.UseGlobalCursor || cursor.IsGlobal;
        _partitioned = shape.States.Count > 0 || shape.UseGlobalCursor || store.Get("state") is not null;
        if (!_useGlobalCursor)
            foreach (var (partition, value, readThrough) in shape.States)
                _partitions[CursorValues.PartitionKey(partition)] = new Progress(partition, cursor.Parse(value), value, cursor.Parse(readThrough), readThrough);
    }

    public override IEnumerable<StreamSlice> Windows(StreamSlice partition)
    {
        var key = partition.Partition.Count == 0 ? "" : CursorValues.PartitionKey(partition.Partition);
        Progress progress;
        lock (_gate)
        {
            if (key.Length > 0) _partitioned = true;
            if (!_partitions.TryGetValue(key, out progress!))
            {
                // The stream's own read-through, or on a global cursor the one every partition reached last time.
                var saved = key.Length == 0 || _useGlobalCursor ? _store.Get(PerPartitionState.ReadThroughKey) : null;
                _partitions[key] = progress = key.Length == 0
                    ? new Progress(partition.Partition, _cursor.Parse(_globalState), _globalState, _cursor.Parse(saved), saved)
                    : new Progress(partition.Partition, null, null, _cursor.Parse(saved), saved);
            }
            if (_partitions.Count > PerPartitionState.SwitchToGlobalLimit) _useGlobalCursor = true;
        }
        // A partition without a state of its own starts from the global cursor of the last complete read, as long
        // before it as that read lasted (the reference's lookback_window): records updated while it ran are read again.
        var resumeFrom = progress.Committed
            ?? (_cursor.Parse(_globalState) is { } global ? global.AddSeconds(key.Length > 0 ? -_lookbackSeconds : 0) : null);
        var lower = _settings.Start;
        var lookback = _settings.Lookback is not null && CursorValues.IsPositive(_settings.Lookback);
        if (((key.Length == 0 ? _dateRangeResume : null) ?? resumeFrom) is { } state)
        {
            var resumed = lookback ? CursorValues.Add(state, _settings.Lookback, -1) : state;
            if (resumed > lower) lower = resumed;
        }
        // Every window up to the read-through was committed with this state: reading at the value again would append the
        // records at the value twice. A lookback asks for records read before, so it keeps the reference's start.
        if (_resume == CursorResume.AfterCommittedWindows && !lookback && progress.ReadThrough is { } readThrough)
        {
            var after = CursorValues.IsPositive(_settings.Granularity) ? CursorValues.Add(readThrough, _settings.Granularity) : readThrough;
            if (after > lower) lower = after;
        }
        lock (_gate)
        {
            // The reference's sync start (the state when later than the start, else the start) is the state until a
            // window adds a newer record; it is written in the cursor's format whatever format the old state used.
            var syncStart = resumeFrom is { } r && r > _settings.Start ? r : _settings.Start;
            if (progress.Committed is { } committed && committed > syncStart) syncStart = committed;
            progress.Committed = syncStart;
            progress.CommittedText = _cursor.Format(syncStart);
        }
        return Generate(partition, progress, lower);
    }

    private IEnumerable<StreamSlice> Generate(StreamSlice partition, Progress progress, DateTimeOffset lower)
    {
        var end = _settings.End;
        var step = _cursor.IsDataFeed ? null : _settings.Step;
        // As the reference: nothing to read once the lower bound reached the end, and the last window ends at the end.
        while (lower < end)
        {
            DateTimeOffset? boundary = null;
            if (step is not null)
            {
                var next = CursorValues.Add(lower, step);
                var clamped = _cursor.ClampStart(next);
                boundary = clamped > lower ? clamped : next;
            }
            var upper = boundary is { } b && b < end ? CursorValues.Add(b, _settings.Granularity, -1) : end;
            if (upper < lower) upper = lower;
            var window = new Window(_cursor.Format(lower), _cursor.Format(upper), lower, upper);
            var cursorSlice = JsonValues.NewObject(2);
            cursorSlice[_cursor.StartField] = window.Start;
            cursorSlice[_cursor.EndField] = window.End;
            lock (_gate)
            {
                progress.Windows.Add(window);
                _byCursorSlice[cursorSlice] = window;
            }
            yield return partition with { CursorSlice = cursorSlice };
            if (upper >= end || boundary is null) yield break;
            lower = CursorValues.IsPositive(_settings.Granularity) ? CursorValues.Add(upper, _settings.Granularity) : boundary.Value;
        }
    }

    public override void AddRequestOptions(StreamSlice slice, List<InjectedOption> options) => _cursor.AddRequestOptions(slice, options);

    public override void Observe(Dictionary<string, object?> record, StreamSlice slice)
    {
        if (_cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is not { } value) return;
        lock (_gate)
        {
            if (!_byCursorSlice.TryGetValue(slice.CursorSlice, out var window)) return;
            // A value outside its window is not trusted beyond it (a record updated after the export began, a clock
            // ahead of the API's): the state never passes what the window asked for, as in the reference.
            if (value > window.Upper) value = window.Upper;
            if (value < window.Lower) value = window.Lower;
            if (window.Observed is null || value > window.Observed) window.Observed = value;
            if (_newestObserved is null || value > _newestObserved) _newestObserved = value;
        }
    }

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
            progress.Windows[window].Done = true;
            _byCursorSlice.Remove(slice.CursorSlice);
            while (progress.Read < progress.Windows.Count && progress.Windows[progress.Read].Done)
            {
                var read = progress.Windows[progress.Read++];
                if (progress.ReadThrough is null || read.Upper > progress.ReadThrough)
                {
                    progress.ReadThrough = read.Upper;
                    progress.ReadThroughText = read.End;
                }
                if (read.Observed is { } observed && (progress.Committed is null || observed > progress.Committed))
                {
                    progress.Committed = observed;
                    progress.CommittedText = _cursor.Format(observed);
                }
            }
            if (!_useGlobalCursor) Write();
        }
    }

    public override void Complete()
    {
        lock (_gate)
        {
            if (!_partitioned) return;
            if (_useGlobalCursor && _resume == CursorResume.AfterCommittedWindows)
            {
                var reached = _partitions.Values.Where(p => p.Partition.Count > 0).Select(p => p.ReadThrough).ToList();
                if (reached.Count > 0 && reached.All(r => r is not null)) _store.Set(PerPartitionState.ReadThroughKey, _cursor.Format(reached.Min()!.Value));
            }
            // As the reference: the global cursor and lookback window move only when the read synced some data.
            if (_newestObserved is null)
            {
                Write();
                return;
            }
            var global = _cursor.Parse(_globalState);
            foreach (var reached in _partitions.Values.Select(p => p.Committed).Append(_newestObserved))
                if (reached is { } value && (global is null || value > global)) global = value;
            var lasted = (long)Math.Ceiling((_time.GetUtcNow() - _began).TotalSeconds);
            Write(global is { } g ? _cursor.Format(g) : null, Math.Max(0, lasted));
        }
    }

    private void Write() => Write(_globalState is null ? null : _cursor.Parse(_globalState) is { } g ? _cursor.Format(g) : CursorValues.Text(_globalState), _lookbackSeconds);

    private void Write(string? global, long lookbackSeconds)
    {
        if (!_partitioned)
        {
            if (_partitions.TryGetValue("", out var stream) && stream.CommittedText is not null)
            {
                _store.Set(_settings.CursorField, stream.CommittedText);
                _store.Set(PerPartitionState.ReadThroughKey, ReadThroughToWrite(stream));
                if (_dateRangeResume is not null) DateRangeState.Clear(_store);
            }
            return;
        }
        var states = _partitions.Values.Where(p => p.CommittedText is not null && p.Partition.Count > 0)
            .Select(p => (p.Partition, (object?)p.CommittedText, (object?)ReadThroughToWrite(p))).ToList();
        new PerPartitionState(states, global, _useGlobalCursor, lookbackSeconds).Write(_store, _settings.CursorField);
    }

    // Only a consumer that resumes from it gets it: the state a platform sees is the reference's, key for key.
    private string? ReadThroughToWrite(Progress progress) => _resume == CursorResume.AfterCommittedWindows ? progress.ReadThroughText : null;

    public override bool ShouldEmit(Dictionary<string, object?> record, StreamSlice slice)
    {
        if (!_cursor.IsClientSide) return true;
        if (_cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is not { } value) return true;
        var lower = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.StartField));
        var upper = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.EndField));
        return (lower is null || value >= lower) && (upper is null || value <= upper);
    }

    public override IComparable? SplitValue(Dictionary<string, object?> record) =>
        _cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is { } value ? _cursor.Parse(_cursor.Format(value)) : null;

    public override StreamSlice? StartingAt(StreamSlice slice, IComparable value)
    {
        if (value is not DateTimeOffset start || !slice.CursorSlice.ContainsKey(_cursor.StartField)) return null;
        var narrowed = JsonValues.NewObject(slice.CursorSlice.Count);
        foreach (var (key, bound) in slice.CursorSlice) narrowed[key] = bound;
        narrowed[_cursor.StartField] = _cursor.Format(start);
        return slice with { CursorSlice = narrowed };
    }

    public override bool StopsPagination(Dictionary<string, object?> record, StreamSlice slice)
    {
        if (!_cursor.IsDataFeed) return false;
        var lower = _cursor.Parse(slice.CursorSlice.GetValueOrDefault(_cursor.StartField));
        return lower is not null && _cursor.Parse(record.GetValueOrDefault(_settings.CursorField)) is { } value && value < lower;
    }

    /// <summary>A window handed out; <see cref="Done"/> and <see cref="Observed"/> change under the run's lock.</summary>
    private sealed class Window(string start, string end, DateTimeOffset lower, DateTimeOffset upper)
    {
        public string Start { get; } = start;
        public string End { get; } = end;
        public DateTimeOffset Lower { get; } = lower;
        public DateTimeOffset Upper { get; } = upper;
        public bool Done { get; set; }
        public DateTimeOffset? Observed { get; set; }
    }

    private sealed class Progress(IReadOnlyDictionary<string, object?> partition, DateTimeOffset? committed, object? committedText,
        DateTimeOffset? readThrough, object? readThroughText)
    {
        public IReadOnlyDictionary<string, object?> Partition { get; } = partition;
        public List<Window> Windows { get; } = [];
        public int Read { get; set; }
        public DateTimeOffset? Committed { get; set; } = committed;
        public string? CommittedText { get; set; } = committedText is null ? null : CursorValues.Text(committedText);

        /// <summary>The end of the last window of the read prefix (Siphon's <c>siphon_read_through</c>).</summary>
        public DateTimeOffset? ReadThrough { get; set; } = readThrough;
        public string? ReadThroughText { get; set; } = readThrough is null ? null : CursorValues.Text(readThroughText);
    }
}
