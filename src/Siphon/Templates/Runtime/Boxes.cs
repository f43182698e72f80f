namespace Siphon.Templates;

/// <summary>Pre-boxed booleans: conditions produce many, and boxing each would allocate on the per-record path.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Of(bool value) => value ? True : False;
}
