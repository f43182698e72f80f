using System.Security.Cryptography;
using System.Text;
using Siphon.Builder.Editing;
using Siphon.Values;

namespace Siphon.Builder.TestRecords;

/// <summary>
/// The hash of what a stream's test ran on: the stream itself and everything outside <c>streams</c> it may refer to
/// (definitions, the base URL, the authenticator, the spec). Another stream's edits do not change it, nor does the
/// declared schema: a test reads the same records whatever it says (and an imported schema must not make the test stale).
/// </summary>
public static class StreamDefinitionHash
{
    public static string Of(StreamModel stream)
    {
        var shared = stream.Manifest.Root.Where(p => p.Key is not "streams" and not "metadata").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var own = stream.Node.Where(p => p.Key != "schema_loader").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var text = JsonValues.ToJson(own) + "\n" + JsonValues.ToJson(shared);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
