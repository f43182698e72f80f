using Siphon.Components;
using Siphon.Partitions;
using Siphon.Values;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// The reference's <c>PaginationReset</c>: restarts a slice's pagination from the first page when the slice has read
/// <see cref="PaginationResetLimits.NumberOfRecords"/> records, or when the error handler answers RESET_PAGINATION.
/// RESET reads the same slice again; SPLIT_USING_CURSOR first narrows the slice to start at the highest cursor value
/// read so far, which is how a search API capped at N results is read whole.
/// </summary>
/// <remarks>
/// Two departures from the reference, both to read every record exactly once: records the restarted pages return
/// again (all of them for RESET, those at the narrowed start for SPLIT_USING_CURSOR) are not emitted twice, and a limit
/// reached on the last page does not reset (the reference resets and reads the tail again).
/// The reference allows one reset of an unchanged slice; Siphon allows any reset that made progress (new records for
/// RESET, a later start for SPLIT_USING_CURSOR) and fails with one line otherwise, which also ends after a finite number of resets.
/// </remarks>
internal sealed class PaginationReset
{
    public static readonly ComponentSpec Spec = new("PaginationReset", ComponentKind.PaginationReset,
        "Describes what triggers pagination reset and how to handle it. If SPLIT_USING_CURSOR, the connector developer is accountable for ensuring that the records are returned in ascending order.",
        [
            Field.Enum("action", "RESET reads the slice again from the first page; SPLIT_USING_CURSOR narrows it to start at the last cursor value read, then reads it from the first page.", ["SPLIT_USING_CURSOR", "RESET"]) with { Required = true },
            Field.Component("limits", ComponentKind.PaginationResetLimits, "When to reset without an error (a number of records).")
        ])
    {
        Factory = (node, context) => new PaginationReset(
            node.Text("action") == "SPLIT_USING_CURSOR",
            context.BuildOptional<PaginationResetLimits>(node.Child("limits"))?.NumberOfRecords,
            remembers: true),
        Example = """
            type: PaginationReset
            action: SPLIT_USING_CURSOR
            limits: { type: PaginationResetLimits, number_of_records: 10000 }
            """,
    };

    /// <summary>
    /// A retriever without <c>pagination_reset</c> still resets on RESET_PAGINATION, as the reference does. It does not
    /// remember the records it emitted, so a read that never resets pays nothing for it.
    /// </summary>
    public static PaginationReset Undeclared { get; } = new(split: false, limit: null, remembers: false);

    private readonly bool _split;
    private readonly long? _limit;
    private readonly bool _remembers;

    private PaginationReset(bool split, long? limit, bool remembers)
    {
        _split = split;
        _limit = limit;
        _remembers = remembers;
    }

    public Run Begin(StreamSlice slice, RetrievalContext context) => new(this, slice, context);

    /// <summary>One slice's reading under the reset policy: the slice its requests use now, and what was read since the last reset.</summary>
    internal sealed class Run(PaginationReset policy, StreamSlice original, RetrievalContext context)
    {
        private readonly StreamSlice _original = original;
        private readonly HashSet<string>? _emitted = policy._remembers ? new(StringComparer.Ordinal) : null;
        private HashSet<string>? _readBefore;
        private long _readSinceReset;
        private long _emittedSinceReset;
        private IComparable? _last;
        private IComparable? _start;

        /// <summary>The slice requests are made for: the one given, or narrowed by SPLIT_USING_CURSOR.</summary>
        public StreamSlice Slice { get; private set; } = original;

        public bool LimitReached => policy._limit is { } limit && _readSinceReset >= limit;

        /// <summary>Counts a record the API returned; true (with nothing to emit) when an earlier page of the slice emitted it already.</summary>
        public bool WasEmitted(Dictionary<string, object?> record, out string? key)
        {
            _readSinceReset++;
            key = _emitted is null ? null : JsonValues.ToJson(record);
            return key is not null && _readBefore?.Contains(key) == true;
        }

        /// <summary>Notes an emitted record: its key (from <see cref="WasEmitted"/>) and, for SPLIT_USING_CURSOR, its cursor value.</summary>
        public void Emitted(string? key, Dictionary<string, object?> record)
        {
            _emittedSinceReset++;
            if (key is null) return;
            if (policy._split && context.Cursor?.SplitValue(record) is { } value)
            {
                // Only the records at the highest value come back once the slice starts there.
                if (_last is null || value.CompareTo(_last) != 0) _emitted!.Clear();
                _last = value;
            }
            _emitted!.Add(key);
        }

        /// <summary>Restarts the slice (narrowed for SPLIT_USING_CURSOR), or fails when that would read nothing new.</summary>
        public void Reset(string reason)
        {
            var described = Slice.Describe();
            if (policy._split)
            {
                var narrowed = _last is null ? null : context.Cursor?.StartingAt(_original, _last);
                if (narrowed is null)
                    throw new PaginationResetException($"{context.StreamName}: pagination of slice {described} must be reset ({reason}), but SPLIT_USING_CURSOR needs a DatetimeBasedCursor and records carrying its cursor field to narrow the slice");
                if (_start is not null && _start.CompareTo(_last) == 0)
                    throw new PaginationResetException($"{context.StreamName}: pagination of slice {described} must be reset ({reason}), but it already starts at the last cursor value read: more records share that value than the API pages through, or they are not in ascending cursor order; stopping instead of looping");
                _start = _last;
                Slice = narrowed;
            }
            else if (_emittedSinceReset == 0)
            {
                throw new PaginationResetException($"{context.StreamName}: pagination of slice {described} must be reset ({reason}), but no new record was read since the slice began or was last reset; stopping instead of looping");
            }
            if (_emitted is not null) _readBefore = [.. _emitted];
            _readSinceReset = 0;
            _emittedSinceReset = 0;
            if (context.Events.IsEnabled)
                context.Events.Publish(new PaginationWasReset(context.Time.GetUtcNow(), Step.Page(context.StreamName), context.StreamName, Slice.Describe(), reason));
        }
    }
}

/// <summary>A slice's pagination cannot be reset usefully; the message is the one line the user sees.</summary>
internal sealed class PaginationResetException(string message) : Exception(message);
