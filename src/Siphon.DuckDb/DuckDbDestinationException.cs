namespace Siphon.DuckDb;

/// <summary>A misuse of the destination or a stream it cannot store (not a bad value: those go to <c>_siphon_extra</c>).</summary>
public sealed class DuckDbDestinationException(string message, Exception? inner = null) : Exception(message, inner);
