namespace Siphon.Templates;

/// <summary>
/// Jinja's undefined value: what a missing dict key or list index yields. It prints as an empty string, is falsy,
/// iterates as empty and passes <c>is defined</c> as false, but reading anything from it is an error; the
/// <see cref="Hint"/> says where it came from so that error is actionable.
/// </summary>
internal sealed class Undefined(string hint)
{
    public static Undefined Instance { get; } = new("value is undefined");

    public string Hint { get; } = hint;

    public static Undefined MissingKey(string key) => new($"key '{key}' is missing");

    public PyError Error(string action) => new($"cannot {action}: {Hint}", readsUndefined: true);

    public override string ToString() => "";
}
