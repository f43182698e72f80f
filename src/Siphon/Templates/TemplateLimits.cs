namespace Siphon.Templates;

/// <summary>
/// Sandbox bounds for one evaluation. The reference has none (its only guard is the removed <c>range</c>);
/// we bound everything a hostile or buggy template could grow, so a breach is an error, never a hang.
/// </summary>
public sealed record TemplateLimits
{
    public static TemplateLimits Default { get; } = new();

    /// <summary>Longest rendered output, and longest string any operation may build, in characters.</summary>
    public int MaxStringLength { get; init; } = 1_000_000;

    /// <summary>Most elements a list or dict built by the template may hold.</summary>
    public int MaxCollectionSize { get; init; } = 100_000;

    /// <summary>Total loop iterations in one evaluation, nested loops included.</summary>
    public int MaxLoopIterations { get; init; } = 100_000;

    /// <summary>
    /// Work units one evaluation may spend: a loop iteration, or one value visited while comparing or searching.
    /// Bounds what sizes alone cannot, such as comparing lists that share a huge sub-list many times.
    /// </summary>
    public long MaxWork { get; init; } = 1_000_000;
}
