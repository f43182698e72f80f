using System.Globalization;

namespace Siphon.Simulator;

/// <summary>Word lists for generated values. Some deliberately carry a comma, a quote, an ampersand or non-ASCII letters so decoders are exercised.</summary>
internal static class Vocabulary
{
    public static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Zoë", "José", "Linus", "Barbara", "Edsger", "Margaret", "Ken"];
    public static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "O'Brien", "Núñez", "Torvalds", "Liskov", "Dijkstra", "Hamilton", "Thompson"];
    public static readonly string[] Cities = ["Paris", "Washington, D.C.", "Berlin", "São Paulo", "Tokyo", "Austin", "Lagos", "Oslo"];
    public static readonly string[] Campaigns = ["Spring Sale", "Brand & Search", "Retargeting", "\"Black Friday\" Push", "Launch <Beta>", "Evergreen"];
    public static readonly string[] Companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne & Sons"];
    public static readonly string[] Statuses = ["active", "archived", "draft", "paused"];
    public static readonly string[] Territories = ["US", "FR", "DE", "JP", "BR", "NG", "NO"];
    public static readonly string[] Apps = ["Siphon Demo", "Weather Now", "Budget Pal"];
    public static readonly string[] Events = ["Install", "Delete", "Re-download"];
    public static readonly string[] Currencies = ["USD", "EUR", "JPY"];

    /// <summary>2024-01-01T00:00:00Z: the origin of every generated timestamp.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Lower-cased <see cref="FirstNames"/>, for e-mail addresses without a per-row allocation.</summary>
    public static readonly string[] FirstNamesLower = [.. FirstNames.Select(n => n.ToLowerInvariant())];

    /// <summary>yyyy-MM-ddTHH:mm:ssZ, written by hand: this runs for every generated row and the general formatter is slow.</summary>
    public static string Timestamp(DateTimeOffset t) => string.Create(20, t.UtcDateTime, static (span, d) =>
    {
        Digits(span[..4], d.Year);
        span[4] = '-';
        Digits(span.Slice(5, 2), d.Month);
        span[7] = '-';
        Digits(span.Slice(8, 2), d.Day);
        span[10] = 'T';
        Digits(span.Slice(11, 2), d.Hour);
        span[13] = ':';
        Digits(span.Slice(14, 2), d.Minute);
        span[16] = ':';
        Digits(span.Slice(17, 2), d.Second);
        span[19] = 'Z';
    });

    private static void Digits(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Decimal2(long cents) => (cents / 100).ToString(CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>A version-4-shaped UUID from 128 random bits, formatted by hand (hot path).</summary>
    public static string Uuid(ulong a, ulong b) => string.Create(36, (a, b), static (span, bits) =>
    {
        Hex(span[..8], bits.a >> 32);
        span[8] = '-';
        Hex(span.Slice(9, 4), (bits.a >> 16) & 0xFFFF);
        span[13] = '-';
        span[14] = '4';
        Hex(span.Slice(15, 3), bits.a & 0xFFF);
        span[18] = '-';
        Hex(span.Slice(19, 4), 0x8000 | ((bits.b >> 48) & 0x3FFF));
        span[23] = '-';
        Hex(span.Slice(24, 12), bits.b & 0xFFFFFFFFFFFF);
    });

    private static void Hex(Span<char> span, ulong value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
