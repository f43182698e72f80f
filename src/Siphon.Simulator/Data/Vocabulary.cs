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

    public static string Timestamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Decimal2(long cents) => (cents / 100).ToString(CultureInfo.InvariantCulture) + "." + (cents % 100).ToString("00", CultureInfo.InvariantCulture);

    public static string Uuid(ulong a, ulong b) =>
        $"{a >> 32:x8}-{(a >> 16) & 0xFFFF:x4}-4{a & 0xFFF:x3}-{0x8000 | ((b >> 48) & 0x3FFF):x4}-{b & 0xFFFFFFFFFFFF:x12}";
}
