namespace Siphon.Partitions;

/// <summary>Where a cursor's read starts from a saved state.</summary>
internal enum CursorResume
{
    /// <summary>At the state's value itself (or <c>lookback_window</c> before it), as the reference resumes.</summary>
    AtStateValue,

    /// <summary>
    /// Right after the last window whose records were all committed with the state (Siphon's own
    /// <c>siphon_read_through</c>), when the consumer commits records and state together: read again, a window's records
    /// would be appended twice to a table without a primary key.
    /// </summary>
    AfterCommittedWindows,
}
