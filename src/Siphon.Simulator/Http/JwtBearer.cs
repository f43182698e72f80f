using System.Text;
using System.Text.Json;

namespace Siphon.Simulator;

/// <summary>Reads the audience of a <c>Bearer</c> JWT without checking its signature (the simulator trusts any signer).</summary>
internal static class JwtBearer
{
    public static bool HasAudience(string authorization, string audience)
    {
        const string Prefix = "Bearer ";
        if (!authorization.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = authorization[Prefix.Length..].Split('.');
        if (parts.Length != 3) return false;
        try
        {
            using var payload = JsonDocument.Parse(Base64Url(parts[1]));
            if (!payload.RootElement.TryGetProperty("aud", out var aud)) return false;
            return aud.ValueKind switch
            {
                JsonValueKind.String => aud.GetString() == audience,
                JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == audience),
                _ => false,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static string Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
