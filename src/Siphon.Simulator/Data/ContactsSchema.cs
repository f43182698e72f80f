namespace Siphon.Simulator;

/// <summary>Marketing contacts, SendGrid style: upper-case column names.</summary>
internal sealed class ContactsSchema : RecordSchema
{
    public override string Name => "contacts";

    public override IReadOnlyList<Column> Columns { get; } =
        [new("CONTACT_ID"), new("EMAIL"), new("FIRST_NAME"), new("LAST_NAME"), new("CITY"), new("CREATED_AT"), new("UPDATED_AT")];

    public override void Fill(ref RowRandom random, long row, Dataset dataset, string[] values)
    {
        var name = random.Below(Vocabulary.FirstNames.Length);
        var first = Vocabulary.FirstNames[name];
        var last = random.Pick(Vocabulary.LastNames);
        var created = Vocabulary.Epoch.AddSeconds(random.Below(365 * 86400));
        values[0] = Vocabulary.Uuid(random.Next(), random.Next());
        values[1] = string.Concat(Vocabulary.FirstNamesLower[name], ".", Vocabulary.Integer(row), "@example.com");
        values[2] = first;
        values[3] = last;
        values[4] = random.Pick(Vocabulary.Cities);
        values[5] = Vocabulary.Timestamp(created);
        values[6] = Vocabulary.Timestamp(created.AddSeconds(random.Below(30 * 86400)));
    }
}
