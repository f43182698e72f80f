namespace Siphon.Simulator;

/// <summary>Orders, served by the request-reply family.</summary>
internal sealed class OrdersSchema : RecordSchema
{
    public override string Name => "orders";

    public override IReadOnlyList<Column> Columns { get; } =
        [new("order_id", IsInteger: true), new("customer"), new("total"), new("currency"), new("updated_at")];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        values[0] = Vocabulary.Integer(row + 1);
        values[1] = random.Pick(Vocabulary.Companies);
        values[2] = Vocabulary.Decimal2(random.Below(10_000_000));
        values[3] = random.Pick(Vocabulary.Currencies);
        values[4] = Vocabulary.Timestamp(Vocabulary.Epoch.AddSeconds(row * 60 + random.Below(60)));
    }
}
