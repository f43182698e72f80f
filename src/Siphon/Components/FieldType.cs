namespace Siphon.Components;

/// <summary>The shape a field's value must have. Template fields accept any scalar (they are rendered later).</summary>
public enum FieldType
{
    /// <summary>A plain string, never rendered.</summary>
    String,
    /// <summary>A string rendered with the template engine; numbers and booleans are accepted as constants.</summary>
    Template,
    Integer,
    Number,
    Boolean,
    /// <summary>One of <see cref="FieldSpec.AllowedValues"/>.</summary>
    Enum,
    /// <summary>A list of strings (or templates).</summary>
    StringList,
    /// <summary>A mapping of names to templates (headers, query parameters).</summary>
    TemplateMap,
    /// <summary>Any JSON-like value (request bodies, schemas, state); strings inside may be templates.</summary>
    Any,
    /// <summary>One component of <see cref="FieldSpec.Kind"/>.</summary>
    Component,
    /// <summary>A list of components of <see cref="FieldSpec.Kind"/>.</summary>
    ComponentList,
    /// <summary>One component or a list of them (a list means a combination, e.g. a cartesian product of routers).</summary>
    ComponentOrList,
    /// <summary>A mapping of names to components of <see cref="FieldSpec.Kind"/> (each child's path ends with its name).</summary>
    ComponentMap,
    /// <summary>A string, a list of strings, or a list of lists of strings (composite keys).</summary>
    PrimaryKey,
}
