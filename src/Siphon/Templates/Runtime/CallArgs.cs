namespace Siphon.Templates;

/// <summary>The evaluated arguments of a call: positional values and keyword values, read Python-style by position or name.</summary>
internal readonly struct CallArgs
{
    public static CallArgs None => new([], null, null);

    public CallArgs(object?[] positional, string[]? names, object?[]? named)
    {
        Positional = positional;
        Names = names;
        Named = named;
    }

    public object?[] Positional { get; }
    public string[]? Names { get; }
    public object?[]? Named { get; }

    public int Count => Positional.Length;

    public bool HasNamed => Names is { Length: > 0 };

    public bool TryGet(int index, string name, out object? value)
    {
        if (index >= 0 && index < Positional.Length) { value = Positional[index]; return true; }
        if (Names is not null)
            for (var i = 0; i < Names.Length; i++)
                if (string.Equals(Names[i], name, StringComparison.Ordinal)) { value = Named![i]; return true; }
        value = null;
        return false;
    }

    public object? Get(int index, string name, object? fallback = null) => TryGet(index, name, out var value) ? value : fallback;

    public object? Required(int index, string name, string function) =>
        TryGet(index, name, out var value) ? value : throw PyError.Type($"{function}() missing required argument '{name}'");

    /// <summary>Rejects surplus positional arguments and unknown keywords, so a typo is an error rather than silently ignored.</summary>
    public CallArgs Expect(string function, int maxPositional, params string[] keywords)
    {
        if (Positional.Length > maxPositional)
            throw PyError.Type($"{function}() takes at most {maxPositional} argument{(maxPositional == 1 ? "" : "s")} ({Positional.Length} given)");
        if (Names is not null)
            foreach (var name in Names)
                if (Array.IndexOf(keywords, name) < 0)
                    throw PyError.Type($"{function}() got an unexpected keyword argument '{name}'");
        return this;
    }
}
