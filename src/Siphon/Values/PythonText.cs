using System.Globalization;

namespace Siphon.Values;

/// <summary>The text Python's <c>str()</c> gives a value, where the reference compares values as strings.</summary>
public static class PythonText
{
    public static string Str(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when double.IsInteger(d) && Math.Abs(d) < 1e16 => d.ToString("0.0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => JsonValues.ToJson(value),
    };
}
