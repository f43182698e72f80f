namespace Siphon.Components;

/// <summary>Short constructors for <see cref="FieldSpec"/>s, so a component's spec reads as a list of fields.</summary>
public static class Field
{
    public static FieldSpec String(string name, string description, bool required = false) =>
        new(name, FieldType.String, description) { Required = required };

    public static FieldSpec Template(string name, string description, bool required = false, params string[] variables) =>
        new(name, FieldType.Template, description) { Required = required, TemplateVariables = variables };

    public static FieldSpec Integer(string name, string description, long? @default = null) =>
        new(name, FieldType.Integer, description) { Default = @default };

    public static FieldSpec Boolean(string name, string description, bool @default = false) =>
        new(name, FieldType.Boolean, description) { Default = @default };

    public static FieldSpec Enum(string name, string description, string[] values, string? @default = null) =>
        new(name, FieldType.Enum, description) { AllowedValues = values, Default = @default };

    public static FieldSpec Any(string name, string description, bool required = false) =>
        new(name, FieldType.Any, description) { Required = required };

    public static FieldSpec Component(string name, ComponentKind kind, string description, string? implied = null, bool required = false) =>
        new(name, FieldType.Component, description) { Kind = kind, ImpliedType = implied, Required = required };

    /// <summary>A field of the reference that Siphon does not run yet; see <see cref="FieldSpec.NotRunReason"/>.</summary>
    public static FieldSpec NotRun(string name, string description, string reason, object? @default = null) =>
        new(name, FieldType.Any, description) { NotRunReason = reason, Default = @default };

    public static FieldSpec Components(string name, ComponentKind kind, string description, string? implied = null, bool required = false) =>
        new(name, FieldType.ComponentList, description) { Kind = kind, ImpliedType = implied, Required = required };
}
