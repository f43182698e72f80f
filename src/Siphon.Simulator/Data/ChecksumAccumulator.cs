using System.Text.Json;

namespace Siphon.Simulator;

/// <summary>Adds up records as a client receives them; compare <see cref="Count"/> and <see cref="Checksum"/> with <c>/__expected</c>.</summary>
public sealed class ChecksumAccumulator
{
    public long Count { get; private set; }

    public ulong Sum { get; private set; }

    /// <summary>The checksum in the form <c>/__expected</c> reports it.</summary>
    public string Checksum => RecordChecksum.Format(Sum);

    public void Add(ulong recordHash)
    {
        Count++;
        Sum = unchecked(Sum + recordHash);
    }

    public void Add(JsonElement record) => Add(RecordChecksum.Hash(record));

    public void Add(IEnumerable<KeyValuePair<string, string?>> record) => Add(RecordChecksum.Hash(record));
}
