using Siphon.Components;
using Siphon.Manifest;
using Siphon.Templates;

namespace Siphon.Http;

/// <summary>Where an injected value goes: a query parameter, a header, a form field or a (nested) JSON body field.</summary>
internal sealed class RequestOption : IRequestInjection
{
    public static readonly string[] Targets = ["request_parameter", "header", "body_data", "body_json"];

    public static readonly ComponentSpec Spec = new("RequestOption", ComponentKind.RequestOption,
        "Injects a value (a page token, a cursor bound, a partition value, an API key) into a part of the request.",
        [
            Field.Enum("inject_into", "The part of the request the value goes into.", Targets) with { Required = true },
            Field.Template("field_name", "Name of the query parameter, header or body field.", variables: []),
            new FieldSpec("field_path", FieldType.StringList, "Path of a nested body_json field (each item a template)."),
        ])
    {
        Factory = (node, _) => new RequestOption(node),
        Example = "type: RequestOption\ninject_into: request_parameter\nfield_name: page\n",
    };

    private readonly Template? _fieldName;
    private readonly Template[] _fieldPath;
    private readonly Dictionary<string, object?> _parameters;

    private RequestOption(ComponentNode node)
    {
        InjectInto = node.Text("inject_into")!;
        _parameters = node.ParameterValues();
        _fieldName = node.Text("field_name") is { } name ? Template.Compile(name, node.FieldPath("field_name")) : null;
        _fieldPath = node.Value("field_path") is ManifestList list
            ? [.. list.Items.OfType<ManifestScalar>().Select(s => Template.Compile(s.Text, node.FieldPath("field_path")))]
            : [];
        if (_fieldName is null && _fieldPath.Length == 0)
            throw new ComponentBuildException(node.Position, node.Path, "a RequestOption needs field_name or field_path");
        if (_fieldPath.Length > 0 && InjectInto != "body_json")
            throw new ComponentBuildException(node.Position, node.Path, "field_path can only be used with inject_into: body_json");
    }

    /// <summary>A header option built in code (an authenticator's default).</summary>
    public RequestOption(string injectInto, string fieldName)
    {
        InjectInto = injectInto;
        _fieldName = Template.Compile(fieldName);
        _fieldPath = [];
        _parameters = Values.JsonValues.NewObject();
    }

    public string InjectInto { get; }

    public void Inject(RequestParts parts, object? value, TemplateScope scope)
    {
        if (value is null) return;
        scope = scope.With("parameters", _parameters);
        switch (InjectInto)
        {
            case "request_parameter": parts.AddQuery(_fieldName!.Render(scope), value); break;
            case "header": parts.AddHeader(_fieldName!.Render(scope), value); break;
            case "body_data": parts.AddForm(_fieldName!.Render(scope), value); break;
            default:
                parts.AddJson(_fieldPath.Length > 0 ? [.. _fieldPath.Select(t => t.Render(scope))] : [_fieldName!.Render(scope)], value);
                break;
        }
    }

    /// <summary>Sets the value, replacing what was there (authenticators own their header or parameter).</summary>
    public void InjectReplacing(RequestParts parts, string value, TemplateScope scope)
    {
        if (InjectInto == "header") parts.SetHeader(_fieldName!.Render(scope.With("parameters", _parameters)), value);
        else Inject(parts, value, scope);
    }
}
