namespace Siphon.DuckDb;

/// <summary>A column of a stream's table: the record field it holds, its name in the table and its type.</summary>
internal sealed record TableColumn(string Field, string Name, ColumnKind Kind)
{
    public string Quoted { get; } = SqlNames.Quote(Name);
}
