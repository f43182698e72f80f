namespace Siphon.Simulator;

/// <summary>
/// Items of the synchronous list endpoints. Row i was updated at <see cref="Vocabulary.Epoch"/> + i hours, so rows
/// are sorted by updated_at and a date window is an index range (filtering is arithmetic, even over 100M rows).
/// </summary>
internal sealed class ItemsSchema : RecordSchema
{
    public static readonly TimeSpan Step = TimeSpan.FromHours(1);

    public override string Name => "items";

    public override IReadOnlyList<Column> Columns { get; } =
        [new("id", IsInteger: true), new("name"), new("status"), new("updated_at")];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        values[0] = Vocabulary.Integer(row + 1);
        values[1] = $"{random.Pick(Vocabulary.Companies)} item {row + 1}";
        values[2] = random.Pick(Vocabulary.Statuses);
        values[3] = Vocabulary.Timestamp(UpdatedAt(row));
    }

    public static DateTimeOffset UpdatedAt(long row) => Vocabulary.Epoch + Step * row;

    /// <summary>The first row updated at or after <paramref name="t"/>.</summary>
    public static long FirstRowAtOrAfter(DateTimeOffset t)
    {
        var ticks = (t - Vocabulary.Epoch).Ticks;
        return ticks <= 0 ? 0 : (ticks + Step.Ticks - 1) / Step.Ticks;
    }
}
