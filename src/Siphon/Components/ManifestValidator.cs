using System.Globalization;
using Siphon.Manifest;

namespace Siphon.Components;

/// <summary>The outcome of validation: the component tree (when the root is usable) and every problem found.</summary>
public sealed record ValidationResult(ComponentNode? Root, IReadOnlyList<ManifestError> Problems)
{
    public IEnumerable<ManifestError> Errors => Problems.Where(p => p.Severity == ManifestSeverity.Error);
    public bool IsValid => Root is not null && !Errors.Any();
}

/// <summary>
/// Checks a resolved manifest against the registry and reports every problem at once, each with its position,
/// field path and kind. Types left out by the author are inferred from their position as the reference does;
/// <c>$parameters</c> flow from parents to children, a child's own values winning.
/// </summary>
public sealed class ManifestValidator
{
    private static readonly HashSet<string> AlwaysAllowedKeys = new(StringComparer.Ordinal) { "type", "$parameters", "description", "title" };

    private readonly ComponentRegistry _registry;
    private readonly List<ManifestError> _problems = [];

    private ManifestValidator(ComponentRegistry registry) => _registry = registry;

    public static ValidationResult Validate(ManifestDocument document, ComponentRegistry registry)
    {
        var validator = new ManifestValidator(registry);
        validator._problems.AddRange(document.Errors);
        if (document.Resolved is null || document.Errors.Any(e => e.Kind == ManifestErrorKind.Syntax))
            return new ValidationResult(null, validator._problems);
        var root = validator.ValidateComponent(document.Resolved, "", ComponentKind.Source, "DeclarativeSource",
            new Dictionary<string, ManifestNode>(StringComparer.Ordinal));
        return new ValidationResult(root, validator._problems);
    }

    /// <summary>Validates one component on its own (a fragment), as the builder's forms and the spec examples need.</summary>
    public static ValidationResult ValidateFragment(ManifestDocument document, ComponentRegistry registry, ComponentKind kind, string? impliedType = null)
    {
        var validator = new ManifestValidator(registry);
        validator._problems.AddRange(document.Errors);
        if (document.Resolved is null || document.Errors.Any(e => e.Kind == ManifestErrorKind.Syntax))
            return new ValidationResult(null, validator._problems);
        var root = validator.ValidateComponent(document.Resolved, "", kind, impliedType, new Dictionary<string, ManifestNode>(StringComparer.Ordinal));
        return new ValidationResult(root, validator._problems);
    }

    private void Report(ManifestNode at, string path, ManifestErrorKind kind, string message, ManifestSeverity severity = ManifestSeverity.Error) =>
        _problems.Add(new ManifestError(at.Position, path, kind, message, severity));

    private ComponentNode? ValidateComponent(ManifestNode node, string path, ComponentKind kind, string? impliedType,
        IReadOnlyDictionary<string, ManifestNode> parentParameters)
    {
        if (node is not ManifestMap map)
        {
            if (node is ManifestScalar { Value: null } && path.Length > 0) return null;
            Report(node, path, ManifestErrorKind.WrongType, $"expected a {Describe(kind)} component (a mapping with a 'type'), got a {node.KindName}");
            return null;
        }

        var typeNode = map["type"] ?? map["Type"];
        string? type = typeNode is ManifestScalar { Value: string t } ? t : null;
        if (typeNode is not null && type is null)
        {
            Report(typeNode, path, ManifestErrorKind.WrongType, $"'type' must be a string, got a {typeNode.KindName}");
            return null;
        }
        var className = map.GetText("class_name");
        if (className is not null || type?.StartsWith("Custom", StringComparison.Ordinal) == true)
        {
            Report(map, path, ManifestErrorKind.CustomComponent,
                $"custom Python component {(className is null ? $"'{type}'" : $"'{className}'")} cannot run in Siphon", UnsupportedScope.SeverityAt(path));
            return null;
        }
        type ??= impliedType;
        if (type is null)
        {
            var candidates = string.Join(", ", _registry.OfKind(kind).Where(s => s.Factory is not null).Select(s => s.Type));
            Report(map, path, ManifestErrorKind.MissingField,
                $"missing required field 'type' ({Article(Describe(kind))}{(candidates.Length > 0 ? $": one of {candidates}" : "")})");
            return null;
        }
        if (!_registry.TryGet(type, out var spec))
        {
            Report((ManifestNode?)typeNode ?? map, path, ManifestErrorKind.UnknownType,
                $"unknown component type '{type}'{NameSuggester.Suggestion(type, _registry.All.Select(s => s.Type))}");
            return null;
        }
        if (!spec.Is(kind))
        {
            var expected = string.Join(", ", _registry.OfKind(kind).Where(s => s.Factory is not null).Select(s => s.Type));
            Report((ManifestNode?)typeNode ?? map, path, ManifestErrorKind.MisplacedComponent,
                $"'{type}' is {Article(Describe(spec.Kind))} and cannot be used here, where {Article(Describe(kind))} is expected{(expected.Length > 0 ? $" ({expected})" : "")}");
            return null;
        }
        if (spec.Factory is null)
            Report((ManifestNode?)typeNode ?? map, path, ManifestErrorKind.UnsupportedType,
                $"component type '{type}' is not yet supported by Siphon: {spec.UnsupportedReason}", UnsupportedScope.SeverityAt(path));
        else if (spec.UnsupportedReason is not null)
            Report(map, path, ManifestErrorKind.UnsupportedType, $"'{type}': {spec.UnsupportedReason}", ManifestSeverity.Warning);

        var parameters = MergeParameters(map, path, parentParameters);
        var children = new Dictionary<string, IReadOnlyList<ComponentNode>>(StringComparer.Ordinal);
        var component = new ComponentNode(spec, map, path, parameters, children);

        foreach (var field in spec.Fields)
        {
            var fieldPath = component.FieldPath(field.Name);
            var value = component.Value(field.Name);
            if (value is null || value is ManifestScalar { Value: null })
            {
                if (field.Required) Report(map, path, ManifestErrorKind.MissingField, $"missing required field '{field.Name}'");
                continue;
            }
            // A parameter named like a component field is not passed down into that field (the reference's rule, to avoid cycles).
            var childParameters = parameters.ContainsKey(field.Name)
                ? parameters.Where(p => p.Key != field.Name).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : parameters;
            if (field.NotRunReason is not null && !IsDefault(value, field.Default))
                Report(value, fieldPath, ManifestErrorKind.UnsupportedField,
                    $"'{field.Name}' is not yet supported by Siphon: {field.NotRunReason}", UnsupportedScope.SeverityAt(fieldPath));
            if (!field.NotTemplated && (field.Type is FieldType.Template or FieldType.StringList or FieldType.Any || field.Type == FieldType.TemplateMap && field.Kind is null))
                CheckTemplates(value, fieldPath);
            CheckBounds(field, value, fieldPath);
            var built = ValidateField(field, value, fieldPath, childParameters);
            if (built is not null) children[field.Name] = built;
        }

        foreach (var group in spec.RequiredOneOf)
        {
            if (group.Any(name => IsGiven(component.Value(name)))) continue;
            Report(map, path, ManifestErrorKind.MissingField,
                $"missing required field '{group[0]}' (or {string.Join(" or ", group.Skip(1).Select(n => $"'{n}'"))})");
        }

        foreach (var entry in map.Entries)
        {
            if (AlwaysAllowedKeys.Contains(entry.Key) || entry.Key == "Type" || spec.FindField(entry.Key) is not null) continue;
            _problems.Add(new ManifestError(entry.KeyPosition, path, ManifestErrorKind.UnknownField,
                $"unknown field '{entry.Key}' for {spec.Type}{NameSuggester.Suggestion(entry.Key, spec.Fields.Select(f => f.Name))}; it is ignored",
                ManifestSeverity.Warning));
        }
        return component;
    }

    /// <summary>A number written in the manifest outside the field's bounds; a template's value is checked when it runs.</summary>
    private void CheckBounds(FieldSpec field, ManifestNode value, string path)
    {
        if (field.Min is null && field.Max is null) return;
        double? number = value switch
        {
            ManifestScalar { Value: long l } => l,
            ManifestScalar { Value: double d } => d,
            _ => null,
        };
        if (number is not { } n) return;
        var belowMin = field.Min is { } min && (field.MinExclusive ? n <= min : n < min);
        var aboveMax = field.Max is { } max && n > max;
        if (belowMin || aboveMax)
            Report(value, path, ManifestErrorKind.InvalidValue, $"'{field.Name}' is {((ManifestScalar)value).Text}, out of range: it must be {DescribeBounds(field)}");
    }

    private static string DescribeBounds(FieldSpec field) => (field.Min, field.Max) switch
    {
        ({ } min, { } max) => $"from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
        ({ } min, null) => $"{(field.MinExclusive ? "greater than" : "at least")} {min.ToString(CultureInfo.InvariantCulture)}",
        (null, { } max) => $"at most {max.ToString(CultureInfo.InvariantCulture)}",
        _ => "",
    };

    /// <summary>A value that counts for a required alternative: present, not null and, for text, not blank.</summary>
    private static bool IsGiven(ManifestNode? value) => value switch
    {
        null or ManifestScalar { Value: null } => false,
        ManifestScalar { Value: string text } => !string.IsNullOrWhiteSpace(text),
        _ => true,
    };

    private IReadOnlyDictionary<string, ManifestNode> MergeParameters(ManifestMap map, string path, IReadOnlyDictionary<string, ManifestNode> parent)
    {
        var own = map["$parameters"];
        if (own is null) return parent;
        if (own is not ManifestMap ownMap)
        {
            if (own is not ManifestScalar { Value: null })
                Report(own, path.Length == 0 ? "$parameters" : path + ".$parameters", ManifestErrorKind.WrongType, $"'$parameters' must be a mapping, got a {own.KindName}");
            return parent;
        }
        var merged = new Dictionary<string, ManifestNode>(parent, StringComparer.Ordinal);
        foreach (var entry in ownMap.Entries) merged[entry.Key] = entry.Value;
        return merged;
    }

    private IReadOnlyList<ComponentNode>? ValidateField(FieldSpec field, ManifestNode value, string path, IReadOnlyDictionary<string, ManifestNode> parameters)
    {
        switch (field.Type)
        {
            case FieldType.Component when field.AcceptsTemplate && value is ManifestScalar { Value: not null } template:
                CheckTemplates(template, path);
                return null;
            case FieldType.Component when field.AcceptsStringList && value is ManifestList:
                return ValidateField(field with { Type = FieldType.StringList }, value, path, parameters);
            case FieldType.Component:
                var single = ValidateComponent(value, path, field.Kind!.Value, field.ImpliedType, parameters);
                return single is null ? null : [single];
            case FieldType.ComponentList or FieldType.ComponentOrList:
                if (value is ManifestMap && field.Type == FieldType.ComponentOrList)
                    goto case FieldType.Component;
                if (value is not ManifestList list)
                {
                    Expect(value, path, field.Type == FieldType.ComponentList ? "a list of components" : "a component or a list of components");
                    return null;
                }
                var items = new List<ComponentNode>(list.Items.Count);
                for (var i = 0; i < list.Items.Count; i++)
                    if (ValidateComponent(list.Items[i], $"{path}[{i}]", field.Kind!.Value, field.ImpliedType, parameters) is { } item)
                        items.Add(item);
                return items;
            case FieldType.ComponentMap:
                if (value is not ManifestMap named)
                {
                    Expect(value, path, "a mapping of names to components");
                    return null;
                }
                var members = new List<ComponentNode>(named.Entries.Count);
                foreach (var entry in named.Entries)
                    if (ValidateComponent(entry.Value, $"{path}.{entry.Key}", field.Kind!.Value, field.ImpliedType, parameters) is { } member)
                        members.Add(member);
                return members;
            case FieldType.String or FieldType.Template:
                if (value is not ManifestScalar) Expect(value, path, "a string");
                return null;
            case FieldType.Integer:
                if (value is not ManifestScalar { Value: long or string }) Expect(value, path, "an integer");
                return null;
            case FieldType.Number:
                if (value is not ManifestScalar { Value: long or double or string }) Expect(value, path, "a number");
                return null;
            case FieldType.Boolean:
                if (value is not ManifestScalar { Value: bool or string }) Expect(value, path, "a boolean (true or false)");
                return null;
            case FieldType.Enum:
                if (value is not ManifestScalar { Value: string text }) Expect(value, path, $"one of {string.Join(", ", field.AllowedValues)}");
                else if (!field.AllowedValues.Contains(text, StringComparer.Ordinal))
                    Report(value, path, ManifestErrorKind.InvalidValue,
                        $"'{text}' is not one of {string.Join(", ", field.AllowedValues)}{NameSuggester.Suggestion(text, field.AllowedValues)}");
                return null;
            case FieldType.StringList:
                if (value is not ManifestList strings) Expect(value, path, "a list of strings");
                else
                    for (var i = 0; i < strings.Items.Count; i++)
                        if (strings.Items[i] is not ManifestScalar) Expect(strings.Items[i], $"{path}[{i}]", "a string");
                return null;
            case FieldType.TemplateMap:
                if (value is ManifestList) Expect(value, path, "a mapping of names to values");
                return field.Kind is { } valueKind && value is ManifestMap values ? ValidateComponentValues(values, path, valueKind, parameters) : null;
            case FieldType.PrimaryKey:
                var ok = value switch
                {
                    ManifestScalar { Value: string } => true,
                    ManifestList keys => keys.Items.All(k => k is ManifestScalar || k is ManifestList inner && inner.Items.All(x => x is ManifestScalar)),
                    _ => false,
                };
                if (!ok) Expect(value, path, "a field name, a list of field names, or a list of field paths");
                return null;
            default:
                return null;
        }
    }

    /// <summary>A mapping whose values are templates, or components of one kind where a value is a mapping with a <c>type</c>.</summary>
    private List<ComponentNode> ValidateComponentValues(ManifestMap values, string path, ComponentKind kind, IReadOnlyDictionary<string, ManifestNode> parameters)
    {
        var components = new List<ComponentNode>();
        foreach (var entry in values.Entries)
        {
            var entryPath = $"{path}.{entry.Key}";
            if (entry.Value is ManifestMap { } candidate && candidate["type"] is not null)
            {
                if (ValidateComponent(candidate, entryPath, kind, null, parameters) is { } component) components.Add(component);
            }
            else CheckTemplates(entry.Value, entryPath);
        }
        return components;
    }

    /// <summary>Whether a value says no more than the field's default (absent, null, or the default itself), so a field Siphon does not run changes nothing.</summary>
    private static bool IsDefault(ManifestNode value, object? @default) => value switch
    {
        ManifestScalar { Value: null } => true,
        ManifestScalar scalar => Equals(scalar.Value, @default) || @default is string text && scalar.Text == text,
        ManifestList { Items.Count: 0 } => @default is null or System.Collections.ICollection { Count: 0 },
        _ => false,
    };

    /// <summary>Compiles every template inside a value, so a syntax error is reported before anything runs.</summary>
    private void CheckTemplates(ManifestNode value, string path)
    {
        switch (value)
        {
            case ManifestScalar { Value: string text } scalar when text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal):
                try
                {
                    var template = Siphon.Templates.Template.Compile(text);
                    foreach (var unknown in template.Variables.Where(v => !Siphon.Templates.TemplateVariables.IsKnown(v)))
                        Report(scalar, path, ManifestErrorKind.InvalidTemplate,
                            $"'{unknown}' is not a variable any template can read, so it is always undefined (a typo?); templates read {string.Join(", ", Siphon.Templates.TemplateVariables.Names)}",
                            ManifestSeverity.Warning);
                }
                catch (Siphon.Templates.TemplateSyntaxException e)
                {
                    Report(scalar, path, ManifestErrorKind.InvalidTemplate, e.Message);
                }
                break;
            case ManifestList list:
                for (var i = 0; i < list.Items.Count; i++) CheckTemplates(list.Items[i], $"{path}[{i}]");
                break;
            case ManifestMap map:
                foreach (var entry in map.Entries) CheckTemplates(entry.Value, $"{path}.{entry.Key}");
                break;
        }
    }

    private void Expect(ManifestNode value, string path, string expected) =>
        Report(value, path, ManifestErrorKind.WrongType, $"expected {expected}, got a {value.KindName}");

    private static string Article(string noun) => ("aeiou".Contains(noun[0]) ? "an " : "a ") + noun;

    private static string Describe(ComponentKind kind) => kind switch
    {
        ComponentKind.Source => "source",
        ComponentKind.Stream => "stream",
        _ => System.Text.RegularExpressions.Regex.Replace(kind.ToString(), "(?<=[a-z])([A-Z])", " $1").ToLowerInvariant(),
    };
}
