namespace Siphon.Templates;

/// <summary>
/// Every variable some component binds for its templates. A name outside this set and the template library is
/// always undefined when the template runs, almost always a typo (<c>confg</c>, <c>stream_slices</c>).
/// </summary>
public static class TemplateVariables
{
    private static readonly HashSet<string> Bound = new(StringComparer.Ordinal)
    {
        "config", "parameters", "stream_slice", "stream_partition", "stream_interval", "next_page_token",
        "response", "headers", "record", "last_record", "last_page_size", "last_page_token_value", "property",
        "creation_response", "polling_response", "download_target", "session_token",
        // Bound by the reference in dynamic streams (component mappings and their conditions), dynamic schemas (a type
        // map's condition) and config normalization (ConfigAddFields' condition): read there, so never a typo.
        "components_values", "stream_template_config", "raw_schema", "value",
    };

    /// <summary>
    /// What every template of a stream's read sees, whatever its step; a field's <c>FieldSpec.TemplateVariables</c>
    /// lists what its step adds (a polling request's <c>creation_response</c>).
    /// </summary>
    public static IReadOnlyList<string> EveryStep { get; } = ["config", "parameters", "stream_slice", "stream_partition", "stream_interval"];

    /// <summary>The names a template may read: the bound variables, sorted, for messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Bound.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="name"/> is bound somewhere or is a name of the template library.</summary>
    public static bool IsKnown(string name) => Bound.Contains(name) || IsLibraryName(name);

    /// <summary>True for a function of the template library (<c>now_utc</c>, <c>max</c>...) or <c>loop</c> inside a for.</summary>
    public static bool IsLibraryName(string name) => Builtins.IsGlobal(name) || name == "loop";
}
