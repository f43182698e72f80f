using Siphon.Values;

namespace Siphon.Builder.Editing;

/// <summary>
/// The manifest being edited, as plain values: the forms change the parts they know and leave every other key as it
/// was, so a manifest survives UI and YAML round trips without loss.
/// </summary>
public sealed class ManifestModel
{
    public const string AuthenticatorRef = "#/definitions/authenticator", BaseUrlRef = "#/definitions/base_url";

    public ManifestModel(Dictionary<string, object?> root) => Root = root;

    public Dictionary<string, object?> Root { get; }

    public string ToYaml() => ManifestYaml.ToYaml(Root);

    public Dictionary<string, object?> Definitions => ValuePath.Object(Root, "definitions");

    public Dictionary<string, object?> ConnectionSpecification
    {
        get
        {
            var spec = ValuePath.Object(Root, "spec");
            spec.TryAdd("type", "Spec");
            var connection = ValuePath.Object(spec, "connection_specification");
            connection.TryAdd("type", "object");
            return connection;
        }
    }

    public List<object?> StreamList
    {
        get
        {
            if (Root.TryGetValue("streams", out var s) && s is List<object?> list) return list;
            var created = new List<object?>();
            Root["streams"] = created;
            return created;
        }
    }

    public IReadOnlyList<StreamModel> Streams => StreamList.OfType<Dictionary<string, object?>>().Select(s => new StreamModel(this, s)).ToList();

    public StreamModel? FindStream(string name) => Streams.FirstOrDefault(s => s.Name == name);

    /// <summary>Why a stream name cannot be used, or null.</summary>
    public string? StreamNameProblem(string? name, StreamModel? except = null)
    {
        if (string.IsNullOrWhiteSpace(name)) return "a stream needs a name";
        if (Streams.Any(s => s.Name == name.Trim() && (except is null || !ReferenceEquals(s.Node, except.Node)))) return $"a stream named '{name.Trim()}' already exists";
        return null;
    }

    public StreamModel AddStream(string name, bool asynchronous)
    {
        // Empty until the author types one: a placeholder host would be tested (and exported) as if it were real.
        Definitions.TryAdd("base_url", "");
        var node = asynchronous ? StreamTemplates.Async(name.Trim(), HasAuthenticator) : StreamTemplates.Sync(name.Trim(), HasAuthenticator);
        StreamList.Add(node);
        CheckStreamNames().Add(name.Trim());
        return new StreamModel(this, node);
    }

    public void RenameStream(StreamModel stream, string newName)
    {
        var old = stream.Name;
        stream.Node["name"] = newName.Trim();
        var names = CheckStreamNames();
        var index = names.IndexOf(old);
        if (index >= 0) names[index] = newName.Trim();
    }

    public StreamModel DuplicateStream(StreamModel stream)
    {
        var copy = (Dictionary<string, object?>)ValuePath.DeepCopy(stream.Node)!;
        var name = stream.Name + "_copy";
        for (var i = 2; StreamNameProblem(name) is not null; i++) name = $"{stream.Name}_copy{i}";
        copy["name"] = name;
        StreamList.Insert(StreamList.IndexOf(stream.Node) + 1, copy);
        return new StreamModel(this, copy);
    }

    public void DeleteStream(StreamModel stream)
    {
        StreamList.Remove(stream.Node);
        CheckStreamNames().Remove(stream.Name);
    }

    /// <summary>Turns a stream into the other request type; its URL, method and record selection are kept.</summary>
    public StreamModel ChangeRequestType(StreamModel stream, bool asynchronous)
    {
        if (stream.IsAsync == asynchronous) return stream;
        var url = asynchronous ? stream.Requester("requester") : stream.Requester("creation_requester");
        var selector = ValuePath.Get(stream.Retriever, "record_selector");
        var fresh = asynchronous ? StreamTemplates.Async(stream.Name, HasAuthenticator) : StreamTemplates.Sync(stream.Name, HasAuthenticator);
        stream.Node["retriever"] = fresh["retriever"];
        var kept = new StreamModel(this, stream.Node);
        var target = kept.Requester(asynchronous ? "creation_requester" : "requester");
        foreach (var key in new[] { "url", "url_base", "path", "request_parameters", "request_headers", "request_body_json", "request_body_data" })
            if (url.TryGetValue(key, out var value)) target[key] = value;
        if (selector is not null) kept.Retriever["record_selector"] = selector;
        return kept;
    }

    public bool HasAuthenticator => Definitions.ContainsKey("authenticator");

    /// <summary>What a value refers to when it is a reference (<c>"#/definitions/x"</c> or <c>{$ref: ...}</c>), for display only; otherwise the value.</summary>
    public Dictionary<string, object?>? Follow(object? value)
    {
        for (var depth = 0; depth < 8; depth++)
        {
            var pointer = value switch
            {
                string s when s.StartsWith("#/", StringComparison.Ordinal) => s,
                Dictionary<string, object?> map when map.GetValueOrDefault("$ref") is string r => r,
                _ => null,
            };
            if (pointer is null) return value as Dictionary<string, object?>;
            value = ValuePath.Get(Root, pointer[2..].Split('/'));
        }
        return null;
    }

    private List<object?> CheckStreamNames()
    {
        var check = ValuePath.Object(Root, "check");
        check.TryAdd("type", "CheckStream");
        if (check.TryGetValue("stream_names", out var n) && n is List<object?> names) return names;
        var created = new List<object?>();
        check["stream_names"] = created;
        return created;
    }

    internal static Dictionary<string, object?> Obj(params (string Key, object? Value)[] pairs) => ManifestYaml.NewObject(pairs);

    internal static Dictionary<string, object?> Empty() => JsonValues.NewObject();
}
