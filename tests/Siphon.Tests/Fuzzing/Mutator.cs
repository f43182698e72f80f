namespace Siphon.Tests.Fuzzing;

/// <summary>
/// Damages valid input the way real files get damaged: truncation, bytes flipped, dropped, duplicated or inserted,
/// lines deleted, swapped, duplicated or re-indented, and structural characters sprinkled in. Deterministic for a seed.
/// </summary>
internal static class Mutator
{
    private static readonly string[] Sprinkles =
        ["{", "}", "[", "]", ":", ": ", "- ", "\"", "'", "&a", "*a", "!!str ", "#", "\t", "\n", "$ref: \"#/x\"", "{{", "}}", "{%", "%}", "<", ">", ",", "\0", "\uFFFD", "é", "🙂", "\r"];

    public static string MutateText(string text, int seed, int rounds = 3)
    {
        var random = new Random(seed);
        for (var i = 0; i < rounds; i++) text = MutateTextOnce(text, random);
        return text;
    }

    public static byte[] MutateBytes(byte[] data, int seed, int rounds = 3)
    {
        var random = new Random(seed);
        var bytes = new List<byte>(data);
        for (var i = 0; i < rounds; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0: bytes.RemoveRange(at, bytes.Count - at); break;
                case 1 when bytes.Count > 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4 when bytes.Count > 0:
                    var length = random.Next(1, Math.Min(64, bytes.Count - at) + 1);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default: bytes.InsertRange(at, System.Text.Encoding.UTF8.GetBytes(Sprinkles[random.Next(Sprinkles.Length)])); break;
            }
        }
        return [.. bytes];
    }

    private static string MutateTextOnce(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(9))
        {
            case 0: return text[..random.Next(text.Length + 1)];
            case 1: lines.RemoveAt(line); break;
            case 2: lines.Insert(line, lines[random.Next(lines.Count)]); break;
            case 3:
                var other = random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 4: lines[line] = new string(' ', random.Next(0, 12)) + lines[line].TrimStart(); break;
            case 5: lines[line] = ReplaceScalar(lines[line], random); break;
            default:
                var at = random.Next(text.Length + 1);
                return random.Next(2) == 0 || at == text.Length
                    ? text.Insert(at, Sprinkles[random.Next(Sprinkles.Length)])
                    : text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at));
        }
        return string.Join('\n', lines);
    }

    /// <summary>Keeps a line's key but gives it another kind of value, so validation (not just YAML) is exercised.</summary>
    private static string ReplaceScalar(string line, Random random)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0) return line + Sprinkles[random.Next(Sprinkles.Length)];
        string[] values = ["[]", "{}", "~", "-1", "1.5e308", "true", "\"{{ config['x' }}\"", "\"#/definitions/nope\"", "[1, [2, [3]]]", "{ type: Nope }", "\"\"", "99999999999999999999"];
        return line[..(colon + 2)] + values[random.Next(values.Length)];
    }
}
