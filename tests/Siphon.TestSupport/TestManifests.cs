namespace Siphon.TestSupport;

/// <summary>
/// The manifest most behaviour tests read, in parts: one stream, <c>items</c>, whose SimpleRetriever reads one URL with
/// an HttpRequester, and a header whose spec declares the inputs a test passes. What a test is about (an authenticator,
/// request parameters, a paginator) is the YAML it adds under the requester or the retriever, written from column 0.
/// </summary>
public static class TestManifests
{
    /// <summary>The <c>streams:</c> section with the stream <c>items</c>.</summary>
    /// <param name="url">The requester's <c>url</c>.</param>
    /// <param name="requester">More requester fields.</param>
    /// <param name="retriever">More retriever fields (a paginator, a partition router).</param>
    /// <param name="fieldPath">Where the records are in a response; at the top by default.</param>
    /// <param name="stream">More stream fields (a schema loader, a cursor).</param>
    public static string ItemsStream(string url, string requester = "", string retriever = "", string fieldPath = "[]", string stream = "") =>
        "streams:\n" +
        "  - type: DeclarativeStream\n" +
        "    name: items\n" +
        Indent(stream, 4) +
        "    retriever:\n" +
        "      type: SimpleRetriever\n" +
        "      requester:\n" +
        "        type: HttpRequester\n" +
        $"        url: \"{url}\"\n" +
        Indent(requester, 8) +
        $"      record_selector: {{ type: RecordSelector, extractor: {{ type: DpathExtractor, field_path: {fieldPath} }} }}\n" +
        Indent(retriever, 6);

    /// <summary>A manifest's opening, checking <c>items</c>, with a spec whose connection specification has <paramref name="properties"/>.</summary>
    public static string HeaderWithSpec(string properties) =>
        "version: 6.5.0\n" +
        "check: { stream_names: [items] }\n" +
        "spec:\n" +
        "  type: Spec\n" +
        "  connection_specification:\n" +
        "    type: object\n" +
        "    properties:\n" +
        Indent(properties, 6);

    /// <summary><paramref name="yaml"/> with every line moved right by <paramref name="spaces"/>, each ending in a line break.</summary>
    public static string Indent(string yaml, int spaces) =>
        yaml.Length == 0 ? "" : string.Concat(yaml.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(line => new string(' ', spaces) + line + "\n"));
}
