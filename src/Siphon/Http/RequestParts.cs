namespace Siphon.Http;

/// <summary>
/// A request being assembled from the requester's own options, injected options and the authenticator. Setting
/// a query parameter, header or body field twice with different values is an error, as in the reference.
/// </summary>
internal sealed class RequestParts(string step)
{
    public string? PathOverride { get; set; }
    public List<KeyValuePair<string, string>> Query { get; } = [];
    public List<KeyValuePair<string, string>> Headers { get; } = [];
    public Dictionary<string, object?>? BodyJson { get; set; }
    public Dictionary<string, object?>? BodyForm { get; set; }
    public string? BodyText { get; set; }
    public string? BodyContentType { get; set; }

    public void AddQuery(string name, object? value) => Add(Query, name, value, "query parameter");

    public void AddHeader(string name, object? value) => Add(Headers, name, value, "header");

    /// <summary>Replaces a header (authenticators own their header, e.g. Authorization).</summary>
    public void SetHeader(string name, string value)
    {
        Headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
        Headers.Add(new(name, value));
    }

    public void AddForm(string name, object? value)
    {
        if (BodyText is not null) throw Conflict($"body field '{name}' cannot be added to a plain-text body");
        BodyForm ??= Values.JsonValues.NewObject();
        if (BodyForm.TryGetValue(name, out var existing) && ValueTemplate.Text(existing) != ValueTemplate.Text(value))
            throw Conflict($"body field '{name}' is set twice with different values");
        BodyForm[name] = value;
    }

    public void AddJson(IReadOnlyList<string> path, object? value)
    {
        BodyJson ??= Values.JsonValues.NewObject();
        var target = BodyJson;
        for (var i = 0; i < path.Count - 1; i++)
        {
            if (!target.TryGetValue(path[i], out var next) || next is null)
                target[path[i]] = next = Values.JsonValues.NewObject();
            target = next as Dictionary<string, object?> ?? throw Conflict($"body field '{string.Join('.', path.Take(i + 1))}' is not an object");
        }
        var last = path[^1];
        if (target.TryGetValue(last, out var existing) && Values.JsonValues.ToJson(existing) != Values.JsonValues.ToJson(value))
            throw Conflict($"body field '{string.Join('.', path)}' is set twice with different values");
        target[last] = value;
    }

    private void Add(List<KeyValuePair<string, string>> list, string name, object? value, string what)
    {
        if (value is null) return;
        if (value is IEnumerable<object?> many)
        {
            foreach (var item in many) if (item is not null) list.Add(new(name, ValueTemplate.Text(item)));
            return;
        }
        var text = ValueTemplate.Text(value);
        var comparison = what == "header" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var existing in list)
            if (string.Equals(existing.Key, name, comparison))
            {
                if (existing.Value == text) return;
                throw Conflict($"{what} '{name}' is set twice with different values");
            }
        list.Add(new(name, text));
    }

    private HttpRequestBuildException Conflict(string message) => new($"{step}: {message}");
}

/// <summary>A request could not be assembled (conflicting options, a template that failed, a body of the wrong shape).</summary>
internal sealed class HttpRequestBuildException(string message, Exception? inner = null) : Exception(message, inner);
