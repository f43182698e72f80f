using System.Security.Cryptography;
using System.Text;

namespace Siphon.Templates;

/// <summary>The reference's own filters that need more than a line: hash, hmac, base64decode.</summary>
internal static partial class Filters
{
    private static object? Hash(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("hash", 2, "hash_type", "salt");
        var type = args.Get(0, "hash_type", "md5") as string ?? "md5";
        var salt = args.Get(1, "salt");
        var bytes = Encoding.UTF8.GetBytes(PyText.Str(value) + (PyOps.Truthy(salt) ? PyText.Str(salt) : ""));
        var digest = type switch
        {
            "md5" => MD5.HashData(bytes),
            "sha1" => SHA1.HashData(bytes),
            "sha256" => SHA256.HashData(bytes),
            "sha384" => SHA384.HashData(bytes),
            "sha512" => SHA512.HashData(bytes),
            _ => throw new PyError($"no hashing function named {type}"),
        };
        return Convert.ToHexStringLower(digest);
    }

    private static object? Hmac(EvalContext context, object? value, CallArgs args)
    {
        args.Expect("hmac", 2, "key", "hash_type");
        var key = PyText.Str(args.Required(0, "key", "hmac"));
        var type = args.Get(1, "hash_type", "sha256") as string;
        if (type != "sha256") throw new PyError($"hash type '{PyText.Str(type)}' is not allowed (allowed: sha256)");
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(PyText.Str(value))));
    }

    private static object? Base64Decode(EvalContext context, object? value, CallArgs args)
    {
        // Python's b64decode ignores characters outside the alphabet unless asked to validate.
        var text = new string(PyText.Str(value).Where(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=').ToArray());
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(text)); }
        catch (FormatException) { throw new PyError("base64decode: the value is not valid base64 (incorrect padding?)"); }
    }
}
