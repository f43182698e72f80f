namespace Siphon.Builder.TestRecords;

/// <summary>What is wrong with a stream's last test, or with the stream itself, in the words the testing panel shows.</summary>
public sealed record StreamWarning(string Kind, string Message);

/// <summary>Computes a stream's warnings from its last test record and its definition now.</summary>
public static class StreamWarnings
{
    public const string Untested = "untested", Changed = "changed", NoResponse = "no-response", NonSuccess = "non-2xx",
        NoRecords = "no-records", PrimaryKeyMissing = "primary-key-missing", PrimaryKeyDuplicated = "primary-key-duplicated";

    public static IReadOnlyList<StreamWarning> Of(StreamTestRecord? record, string definitionHash)
    {
        if (record is null) return [new(Untested, "Not tested yet: Test reads it within the test limits.")];
        var warnings = new List<StreamWarning>();
        if (record.DefinitionHash != definitionHash)
            warnings.Add(new(Changed, "Changed since its last test: the result below is of the older definition."));
        var pages = record.Result.Slices.SelectMany(s => s.Pages).ToList();
        var responses = pages.Where(p => p.Response is not null).Select(p => p.Response!).ToList();
        if (responses.Count == 0)
            warnings.Add(new(NoResponse, "The last test got no response to the stream's request."));
        else if (responses.FirstOrDefault(r => r.Status is < 200 or > 299) is { } failed)
            warnings.Add(new(NonSuccess, $"The last test got HTTP {failed.Status} to the stream's request."));
        if (record.Result.RecordCount == 0) warnings.Add(new(NoRecords, "The last test read no records."));
        if (record.PrimaryKeyMissing > 0)
            warnings.Add(new(PrimaryKeyMissing, $"The primary key is missing in {record.PrimaryKeyMissing} record(s) of the last test."));
        if (record.PrimaryKeyDuplicated > 0)
            warnings.Add(new(PrimaryKeyDuplicated, $"The primary key is duplicated: {record.PrimaryKeyDuplicated} record(s) of the last test repeat an earlier record's key."));
        return warnings;
    }
}
