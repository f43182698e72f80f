using Siphon.Templates;

namespace Siphon.Http.Bodies;

/// <summary>A typed request body (<c>request_body</c>) or one of the older <c>request_body_json</c> / <c>request_body_data</c> fields.</summary>
internal interface IRequestBody
{
    void Apply(RequestParts parts, TemplateScope scope);
}

/// <summary>The body shapes and how each is put into a request, shared by the typed bodies and the older fields.</summary>
internal static class RequestBodies
{
    public static void Json(RequestParts parts, ValueTemplate value, TemplateScope scope, string step)
    {
        switch (value.Evaluate(scope))
        {
            case null: return;
            case Dictionary<string, object?> map:
                foreach (var (key, item) in map) parts.AddJson([key], item);
                return;
            case var other: throw new HttpRequestBuildException($"{step}: the JSON body must be an object, got {ValueTemplate.Text(other)}");
        }
    }

    /// <summary>A mapping is sent as a form; a string is sent as written (raw text, e.g. a JSON or XML document).</summary>
    public static void Form(RequestParts parts, ValueTemplate value, TemplateScope scope, string step)
    {
        if (value.RenderText(scope) is { } raw)
        {
            Text(parts, raw, null);
            return;
        }
        switch (value.Evaluate(scope))
        {
            case null: return;
            case Dictionary<string, object?> map:
                foreach (var (key, item) in map) parts.AddForm(key, item);
                return;
            case var other: throw new HttpRequestBuildException($"{step}: the form body must be an object, got {ValueTemplate.Text(other)}");
        }
    }

    public static void Text(RequestParts parts, string text, string? contentType)
    {
        parts.BodyText = text;
        parts.BodyContentType = contentType;
    }
}
