using Siphon.Templates;

namespace Siphon.Http;

/// <summary>
/// A manifest value whose strings (keys included) are templates: compiled once at build time, evaluated per request
/// into the value model. Objects drop entries whose value evaluates to <c>None</c>, as the reference does.
/// </summary>
internal abstract class ValueTemplate
{
    public static ValueTemplate Compile(object? raw, string field) => raw switch
    {
        string text => new TextNode(Template.Compile(text, field)),
        IReadOnlyDictionary<string, object?> map => new MapNode([.. map.Select(e => (Template.Compile(e.Key, field), Compile(e.Value, field)))]),
        IEnumerable<object?> list => new ListNode([.. list.Select(item => Compile(item, field))]),
        _ => new ConstantNode(raw),
    };

    public abstract object? Evaluate(TemplateScope scope);

    /// <summary>True for a map written as a map (its entries are templates), false for a string template or a constant.</summary>
    public virtual bool IsMap => false;

    /// <summary>For a value written as a string: its raw rendering, without typing; null otherwise.</summary>
    public virtual string? RenderText(TemplateScope scope) => null;

    private sealed class ConstantNode(object? value) : ValueTemplate
    {
        public override object? Evaluate(TemplateScope scope) => value;
    }

    private sealed class TextNode(Template template) : ValueTemplate
    {
        public override object? Evaluate(TemplateScope scope) => template.Evaluate(scope);

        public override string? RenderText(TemplateScope scope) => template.Render(scope);
    }

    private sealed class ListNode(ValueTemplate[] items) : ValueTemplate
    {
        public override object? Evaluate(TemplateScope scope) => items.Select(i => i.Evaluate(scope)).ToList();
    }

    private sealed class MapNode((Template Key, ValueTemplate Value)[] entries) : ValueTemplate
    {
        public override bool IsMap => true;

        public override object? Evaluate(TemplateScope scope)
        {
            var result = Values.JsonValues.NewObject(entries.Length);
            foreach (var (key, value) in entries)
            {
                var evaluated = value.Evaluate(scope);
                if (evaluated is null) continue;
                result[key.Render(scope)] = evaluated;
            }
            return result;
        }
    }

    /// <summary>The text a value is sent as in a query string, header or form: Python's <c>str()</c>.</summary>
    public static string Text(object? value) => PyText.Str(value);
}
