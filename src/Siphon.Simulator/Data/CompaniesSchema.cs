namespace Siphon.Simulator;

/// <summary>CRM objects for the bulk-query family (Unify style); the queried object's name is part of the record.</summary>
internal sealed class CompaniesSchema : RecordSchema
{
    public override string Name => "objects";

    public override IReadOnlyList<Column> Columns { get; } =
        [new("id"), new("object"), new("name"), new("domain"), new("employee_count", IsInteger: true), new("updated_at")];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        var name = random.Pick(Vocabulary.Companies);
        values[0] = $"rec_{row:x10}";
        values[1] = dataset.Label;
        values[2] = name;
        values[3] = name.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("&", "and", StringComparison.Ordinal) + ".example";
        values[4] = Vocabulary.Integer(random.Below(50_000));
        values[5] = Vocabulary.Timestamp(Vocabulary.Epoch.AddSeconds(random.Below(365 * 86400)));
    }
}
