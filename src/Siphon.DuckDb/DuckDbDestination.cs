using DuckDB.NET.Data;
using Siphon.Records;
using Siphon.Values;

namespace Siphon.DuckDb;

/// <summary>
/// Writes streams of records, with their state, into a DuckDB file.
/// <para>
/// Protocol, per stream: <see cref="BeginStreamAsync"/>, then any number of <see cref="WriteAsync(string, IReadOnlyDictionary{string, object?}, CancellationToken)"/>
/// interleaved with <see cref="CheckpointAsync"/> (whenever the read loop emits the stream's state), then
/// <see cref="CompleteStreamAsync"/>. Rows become visible only at a checkpoint or completion, in the same
/// transaction as the state, so the state stored in the file always describes exactly the rows stored in it:
/// a sync that crashes resumes from <see cref="ReadStateAsync"/> without losing or half-writing a batch.
/// </para>
/// <para>Calls are serialised internally, so streams may be written from concurrent tasks.</para>
/// </summary>
public sealed class DuckDbDestination : IAsyncDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly TimeProvider _time;
    private readonly int _newKeyCapacity;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, StreamTable> _streams = new(StringComparer.Ordinal);
    private readonly List<StreamTable> _order = [];
    private bool _disposed;

    private DuckDbDestination(DuckDBConnection connection, TimeProvider time, int newKeyCapacity)
    {
        _connection = connection;
        _time = time;
        _newKeyCapacity = newKeyCapacity;
    }

    /// <summary>
    /// How many records a long read should let through between two checkpoints. DuckDB writes the rows a transaction
    /// appends straight into the file, compressed, each time they fill a row group (122,880 rows); a smaller commit
    /// goes through the write-ahead log instead and is compressed again at each automatic checkpoint, which measured
    /// several times the cost. Four row groups keep a transaction's memory bounded and a restart's rework small.
    /// </summary>
    public const long RecordsPerCommit = 4 * 122_880;

    /// <summary>The file this destination writes.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (or creates) the DuckDB file and its <c>_siphon_state</c> table.</summary>
    public static Task<DuckDbDestination> OpenAsync(DuckDbDestinationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var path = System.IO.Path.GetFullPath(options.Path);
        if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        var builder = new DuckDBConnectionStringBuilder
        {
            DataSource = path,
            // Siphon runs offline: never fetch extensions at run time (JSON is built in).
            AutoinstallKnownExtensions = false,
        };
        if (options.Threads is { } threads) builder.Threads = threads;
        if (options.MemoryLimit is { } limit) builder.MemoryLimit = limit;
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            connection.Execute($"CREATE TABLE IF NOT EXISTS {SqlNames.StateTable} (stream VARCHAR PRIMARY KEY, state JSON, updated_at TIMESTAMPTZ)");
        }
        catch (Exception e)
        {
            connection.Dispose();
            throw e is DuckDBException ? new DuckDbDestinationException(OpenFailure(path, e.Message), e) : e;
        }
        return Task.FromResult(new DuckDbDestination(connection, options.TimeProvider, options.NewKeyCapacity) { Path = path });
    }

    /// <summary>What went wrong opening the file, in one line that says what to do (DuckDB's own messages name the PID of a lock's holder).</summary>
    private static string OpenFailure(string path, string message)
    {
        var reason = message.Split('\n')[0].Replace("DuckDBOpen failed: ", "", StringComparison.Ordinal).Replace("IO Error: ", "", StringComparison.Ordinal);
        if (System.Text.RegularExpressions.Regex.Match(reason, @"Conflicting lock is held in (?<program>.+?) \(PID (?<pid>\d+)\)") is { Success: true } held)
            return $"the DuckDB file '{path}' is in use by process {held.Groups["pid"].Value} ({System.IO.Path.GetFileName(held.Groups["program"].Value)}, perhaps another `siphon sync`): " +
                "wait for it to end, or write to another file";
        if (Directory.Exists(path)) return $"'{path}' is a directory: give the path of a DuckDB file, e.g. {System.IO.Path.Combine(path, "siphon.duckdb")}";
        if (reason.Contains("not a valid DuckDB database file", StringComparison.Ordinal))
            return $"'{path}' exists but is not a DuckDB database file: choose another path";
        return $"cannot open DuckDB file '{path}': {reason.TrimEnd('.')}";
    }

    /// <summary>Lets tests open a connection that shares this process's open database (to watch DuckDB's query log).</summary>
    internal string ConnectionStringForTests => _connection.ConnectionString;

    /// <summary>Per-stream statistics, in the order the streams began.</summary>
    public IReadOnlyList<DuckDbStreamStatistics> Statistics => _order.Select(s => s.Statistics).ToList();

    /// <summary>
    /// Prepares a stream's table: created from the schema, or widened with the schema's new columns. With
    /// <paramref name="fullRefresh"/>, rows go to a new table that replaces the old one when the stream completes.
    /// </summary>
    public async Task BeginStreamAsync(StreamSpec spec, bool fullRefresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_streams.ContainsKey(spec.Name)) throw new DuckDbDestinationException($"stream '{spec.Name}' has already begun");
            var table = SqlNames.TableName(spec.Name);
            if (_order.FirstOrDefault(s => string.Equals(s.Table, table, StringComparison.OrdinalIgnoreCase)) is { } other)
                throw new DuckDbDestinationException($"streams '{other.Spec.Name}' and '{spec.Name}' would both be written to table '{table}'");
            var stream = new StreamTable(_connection, spec, table, fullRefresh, _newKeyCapacity);
            _streams.Add(spec.Name, stream);
            _order.Add(stream);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Stages one record, stamped with the current time as its extraction time.</summary>
    public ValueTask WriteAsync(string stream, IReadOnlyDictionary<string, object?> record, CancellationToken cancellationToken = default)
        => WriteAsync(stream, record, _time.GetUtcNow(), cancellationToken);

    /// <summary>Stages one record; it becomes visible with the stream's next checkpoint or completion.</summary>
    public ValueTask WriteAsync(string stream, IReadOnlyDictionary<string, object?> record, DateTimeOffset extractedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        // The record path stays synchronous while nobody else holds the gate, which is the usual case.
        if (!_gate.Wait(0)) return WriteSlowAsync(stream, record, extractedAt, cancellationToken);
        try { Open(stream).Append(record, extractedAt); }
        finally { _gate.Release(); }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Stages a text batch's rows, all stamped with <paramref name="extractedAt"/>: the rows the same records written
    /// one by one would stage, appended from the batch without a dictionary per row.
    /// </summary>
    public ValueTask WriteAsync(string stream, ITextRows rows, DateTimeOffset extractedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_gate.Wait(0)) return WriteSlowAsync(stream, rows, extractedAt, cancellationToken);
        try { Open(stream).Append(rows, extractedAt); }
        finally { _gate.Release(); }
        return ValueTask.CompletedTask;
    }

    /// <summary>Stages a text batch's rows, stamped with the current time as their extraction time.</summary>
    public ValueTask WriteAsync(string stream, ITextRows rows, CancellationToken cancellationToken = default)
        => WriteAsync(stream, rows, _time.GetUtcNow(), cancellationToken);

    private async ValueTask WriteSlowAsync(string stream, ITextRows rows, DateTimeOffset extractedAt, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try { Open(stream).Append(rows, extractedAt); }
        finally { _gate.Release(); }
    }

    private async ValueTask WriteSlowAsync(string stream, IReadOnlyDictionary<string, object?> record, DateTimeOffset extractedAt, CancellationToken cancellationToken)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try { Open(stream).Append(record, extractedAt); }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Commits the rows staged since the last checkpoint together with <paramref name="state"/>: both become
    /// visible in one transaction, or neither does. (A full refresh keeps its state for its final swap.)
    /// </summary>
    public async Task CheckpointAsync(string stream, object state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try { Open(stream).Commit(state, hasState: true, _time.GetUtcNow()); }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Commits what is left of the stream (rows written after its last checkpoint keep the last state). A full
    /// refresh replaces the stream's table here, atomically.
    /// </summary>
    public async Task CompleteStreamAsync(string stream, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try { Open(stream).Complete(_time.GetUtcNow()); }
        finally { _gate.Release(); }
    }

    /// <summary>The committed state of every stream in the file, to resume from.</summary>
    public async Task<IReadOnlyDictionary<string, object?>> ReadStateAsync(CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = _connection.Query($"SELECT stream, CAST(state AS VARCHAR) FROM {SqlNames.StateTable} ORDER BY stream",
                r => (Stream: r.GetString(0), State: r.IsDBNull(1) ? null : r.GetString(1)));
            var states = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (stream, state) in rows) states[stream] = state is null ? null : JsonValues.Parse(state);
            return states;
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Closes the file. Rows staged since a stream's last checkpoint are discarded, and an unfinished full
    /// refresh leaves the old table untouched: exactly what a crash at this point would leave.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var stream in _order) stream.Dispose();
            _connection.Dispose();
        }
        finally { _gate.Release(); }
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            _gate.Release();
            throw new ObjectDisposedException(nameof(DuckDbDestination));
        }
    }

    private StreamTable Open(string stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_streams.TryGetValue(stream, out var table)) throw new DuckDbDestinationException($"stream '{stream}' has not begun");
        if (table.Completed) throw new DuckDbDestinationException($"stream '{stream}' is already complete");
        return table;
    }
}
