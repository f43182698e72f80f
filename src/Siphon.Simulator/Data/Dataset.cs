using System.Text;

namespace Siphon.Simulator;

/// <summary>
/// The records of one job (or list endpoint): a schema, the seed, the content of the create request that chose it
/// (a report's type and window, a query's object...) and a row count. Identical inputs give identical records, so a
/// retried job or a resumed download sees the same data and <c>/__expected</c> can be computed without a job.
/// </summary>
internal sealed record Dataset(RecordSchema Schema, ulong Seed, string ContentKey, long Rows)
{
    /// <summary>The first day of a report window (reports only).</summary>
    public DateOnly WindowStart { get; init; } = new(2024, 1, 1);

    /// <summary>A value the schema writes into every row: a report's type, a query's object.</summary>
    public string Label { get; init; } = "";

    /// <summary>Days in a report window (reports only).</summary>
    public int WindowDays { get; init; } = 1;

    private ulong Key => Seed ^ RowRandom.KeyOf(Schema.Name + "|" + ContentKey);

    public void Fill(long row, string[] values)
    {
        var random = RowRandom.For(Key, row);
        Schema.Fill(ref random, row, this, values);
    }

    /// <summary>Record count and checksum over rows [first, first+count).</summary>
    public ExpectedRecords Expected(long first, long count, CancellationToken ct)
    {
        var values = new string[Schema.Columns.Count];
        var order = Schema.CanonicalOrder;
        var keys = Schema.Columns.Select(c => c.Name.ToLowerInvariant()).ToArray();
        var sb = new StringBuilder(256);
        var sum = 0UL;
        for (var row = first; row < first + count; row++)
        {
            if ((row & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            Fill(row, values);
            sb.Clear().Append('{');
            for (var i = 0; i < order.Length; i++)
            {
                if (i > 0) sb.Append(',');
                RecordChecksum.AppendQuoted(sb, keys[order[i]]);
                sb.Append(':');
                RecordChecksum.AppendQuoted(sb, values[order[i]]);
            }

            sb.Append('}');
            sum = unchecked(sum + RecordChecksum.HashCanonical(sb.ToString()));
        }

        return new ExpectedRecords(count, RecordChecksum.Format(sum));
    }
}
