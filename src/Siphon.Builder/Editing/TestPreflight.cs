namespace Siphon.Builder.Editing;

/// <summary>Why a test of the stream would fail before it gets anywhere (and, for a missing input, which one to ask for).</summary>
public sealed record TestPreflightProblem(string Message, SpecInput? MissingInput = null, string? InputsReason = null);

/// <summary>
/// What Test checks before it sends anything: a test that cannot work must say what to change, not create a provider
/// job, send <c>Bearer </c> without its token, or aim at a host nobody typed.
/// </summary>
public static class TestPreflight
{
    public static TestPreflightProblem? Check(ManifestModel manifest, StreamModel stream, IReadOnlyDictionary<string, object?> testingValues)
    {
        if (string.IsNullOrWhiteSpace(ValuePath.Text(manifest.Definitions, "base_url")) && ValuePath.Strings(stream.Node).Contains(ManifestModel.BaseUrlRef))
            return new("Test needs the Base URL: set it in Global settings (the stream's requests start from it).");
        if (TemplateCheck.RequestProblems(stream) is { Count: > 0 } templates)
            return new("Test would send requests that cannot work (nothing was sent): " + string.Join("; ", templates));
        if (SpecInputs.MissingFor(manifest, stream, testingValues) is [var missing, ..] all)
        {
            var names = string.Join(", ", all.Select(i => i.Title));
            var (it, are) = all.Count == 1 ? ("it", "it is") : ("them", "they are");
            return new($"Test needs a testing value for {names}: the stream reads {it} and the spec requires {it}.", missing,
                $"Set {names} to test '{stream.Name}': {are} required and the stream reads {it}.");
        }
        return null;
    }
}
