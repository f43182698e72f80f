using Siphon.Source;

namespace Siphon.DuckDb;

/// <summary>
/// What the destination needs to know about a stream: its name (the table is named after it), its JSON Schema
/// (a value of the engine's value model; it types the columns) and its primary key (field paths; empty for
/// append-only streams).
/// </summary>
public sealed record StreamSpec(string Name, object? Schema, IReadOnlyList<IReadOnlyList<string>> PrimaryKey)
{
    public static StreamSpec From(StreamDefinition stream) => new(stream.Name, stream.Schema, stream.PrimaryKey);
}
