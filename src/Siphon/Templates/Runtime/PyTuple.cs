namespace Siphon.Templates;

/// <summary>
/// A Python tuple. It is a <see cref="List{T}"/> so the rest of the engine sees an ordinary array;
/// the type only matters to printing (<c>(1, 2)</c>) and to equality with lists, as in Python.
/// </summary>
internal sealed class PyTuple : List<object?>
{
    public PyTuple() { }

    public PyTuple(IEnumerable<object?> items) : base(items) { }
}
