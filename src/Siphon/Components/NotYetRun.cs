namespace Siphon.Components;

/// <summary>What Siphon says of a reference component or field it declares but does not run yet.</summary>
internal static class NotYetRun
{
    public const string Reason = "Siphon does not run it yet, so a stream that uses it is reported unsupported and the others run";
}
