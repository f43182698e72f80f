namespace Siphon.Simulator;

/// <summary>A column of generated data; integers are written as JSON numbers, everything else as strings.</summary>
internal readonly record struct Column(string Name, bool IsInteger = false);
