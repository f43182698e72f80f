namespace Siphon.Simulator;

/// <summary>Knobs that cannot be applied; the HTTP layer answers 400 with the message.</summary>
public sealed class KnobException(string message) : Exception(message);
