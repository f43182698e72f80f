namespace Siphon.Simulator;

/// <summary>Ads performance rows: one per campaign and day, days cycling through the report's date window.</summary>
internal sealed class ReportSchema : RecordSchema
{
    public override string Name => "reports";

    public override IReadOnlyList<Column> Columns { get; } =
    [
        new("report_type"), new("date"), new("campaign_id", IsInteger: true), new("campaign_name"),
        new("impressions", IsInteger: true), new("clicks", IsInteger: true), new("cost"), new("updated_at"),
    ];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        var day = dataset.WindowStart.AddDays((int)(row % dataset.WindowDays));
        var impressions = random.Below(100_000);
        values[0] = dataset.Label;
        values[1] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        values[2] = Vocabulary.Integer(1000 + row / dataset.WindowDays);
        values[3] = random.Pick(Vocabulary.Campaigns);
        values[4] = Vocabulary.Integer(impressions);
        values[5] = Vocabulary.Integer(random.Below(impressions / 20 + 1));
        values[6] = Vocabulary.Decimal2(random.Below(1_000_000));
        values[7] = Vocabulary.Timestamp(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1).AddSeconds(random.Below(86400)));
    }
}
