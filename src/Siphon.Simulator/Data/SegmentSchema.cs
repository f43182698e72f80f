namespace Siphon.Simulator;

/// <summary>App Store Connect analytics rows (installations and deletions): title-case column names with spaces, as Apple writes them.</summary>
internal sealed class SegmentSchema : RecordSchema
{
    public override string Name => "segments";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("Date"), new("App Name"), new("App Apple Identifier", IsInteger: true), new("Event"), new("Territory"),
        new("Counts", IsInteger: true),
    ];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        values[0] = Vocabulary.Epoch.AddDays(row % 365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var app = random.Below(Vocabulary.Apps.Length);
        values[1] = Vocabulary.Apps[app];
        values[2] = Vocabulary.Integer(1_500_000_000 + app);
        values[3] = random.Pick(Vocabulary.Events);
        values[4] = random.Pick(Vocabulary.Territories);
        values[5] = Vocabulary.Integer(random.Below(5000));
    }
}
