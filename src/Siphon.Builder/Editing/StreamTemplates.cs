namespace Siphon.Builder.Editing;

/// <summary>What Add stream writes: the smallest stream of each request type that the forms can fill in.</summary>
internal static class StreamTemplates
{
    public static Dictionary<string, object?> Sync(string name, bool authenticated) => ManifestModel.Obj(
        ("type", "DeclarativeStream"),
        ("name", name),
        ("primary_key", new List<object?>()),
        ("retriever", ManifestModel.Obj(
            ("type", "SimpleRetriever"),
            ("requester", Requester("GET", authenticated)),
            ("record_selector", Selector()))),
        ("schema_loader", Schema()));

    public static Dictionary<string, object?> Async(string name, bool authenticated) => ManifestModel.Obj(
        ("type", "DeclarativeStream"),
        ("name", name),
        ("primary_key", new List<object?>()),
        ("retriever", ManifestModel.Obj(
            ("type", "AsyncRetriever"),
            ("creation_requester", Requester("POST", authenticated)),
            ("polling_requester", Requester("GET", authenticated)),
            ("download_requester", ManifestModel.Obj(("type", "HttpRequester"), ("url", "{{ download_target }}"), ("http_method", "GET"))),
            ("status_extractor", ManifestModel.Obj(("type", "DpathExtractor"), ("field_path", new List<object?> { "status" }))),
            ("status_mapping", ManifestModel.Obj(
                ("type", "AsyncJobStatusMap"),
                ("running", new List<object?>()), ("completed", new List<object?>()), ("failed", new List<object?>()), ("timeout", new List<object?>()))),
            ("download_target_extractor", ManifestModel.Obj(("type", "DpathExtractor"), ("field_path", new List<object?>()))),
            ("record_selector", Selector()))),
        ("schema_loader", Schema()));

    private static Dictionary<string, object?> Requester(string method, bool authenticated)
    {
        var requester = ManifestModel.Obj(("type", "HttpRequester"), ("url_base", ManifestModel.BaseUrlRef), ("path", "/"), ("http_method", method));
        if (authenticated) requester["authenticator"] = ManifestModel.AuthenticatorRef;
        return requester;
    }

    private static Dictionary<string, object?> Selector() => ManifestModel.Obj(
        ("type", "RecordSelector"),
        ("extractor", ManifestModel.Obj(("type", "DpathExtractor"), ("field_path", new List<object?>()))));

    private static Dictionary<string, object?> Schema() => ManifestModel.Obj(
        ("type", "InlineSchemaLoader"),
        ("schema", ManifestModel.Obj(("type", "object"), ("$schema", "http://json-schema.org/schema#"), ("additionalProperties", true), ("properties", ManifestModel.Empty()))));
}
