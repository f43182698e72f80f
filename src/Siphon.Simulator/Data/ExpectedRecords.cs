namespace Siphon.Simulator;

/// <summary>What a client should have received: the record count and the checksum defined by <see cref="RecordChecksum"/>.</summary>
public sealed record ExpectedRecords(long Records, string Checksum);
