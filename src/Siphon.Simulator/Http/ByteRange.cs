using System.Globalization;

namespace Siphon.Simulator;

/// <summary>A single <c>Range: bytes=N-</c> or <c>bytes=N-M</c> request; other forms (suffix, multiple ranges) are ignored.</summary>
internal readonly record struct ByteRange(long Start, long? EndInclusive)
{
    public static ByteRange? Parse(string? header)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',')) return null;
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash <= 0) return null;
        if (!long.TryParse(spec[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start)) return null;
        var endText = spec[(dash + 1)..];
        if (endText.Length == 0) return new ByteRange(start, null);
        return long.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end) && end >= start
            ? new ByteRange(start, end)
            : null;
    }
}
