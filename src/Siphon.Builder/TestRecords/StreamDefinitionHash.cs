using System.Security.Cryptography;
using System.Text;
using Siphon.Builder.Editing;
using Siphon.Values;

namespace Siphon.Builder.TestRecords;

/// <summary>
/// The hash of what a stream's test ran on: the stream itself and everything outside <c>streams</c> it may refer to
/// (definitions, the base URL, the authenticator, the spec). Another stream's edits do not change it.
/// </summary>
public static class StreamDefinitionHash
{
    public static string Of(StreamModel stream)
    {
        var shared = stream.Manifest.Root.Where(p => p.Key is not "streams" and not "metadata").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var text = JsonValues.ToJson(stream.Node) + "\n" + JsonValues.ToJson(shared);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
