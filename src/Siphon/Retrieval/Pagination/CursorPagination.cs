using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// <c>CursorPagination</c>: the next token is <c>cursor_value</c> rendered over the page (<c>response</c>,
/// <c>headers</c>, <c>last_record</c>, <c>last_page_size</c>, <c>last_page_token_value</c>); pagination stops when
/// <c>stop_condition</c> holds or the token is empty.
/// </summary>
internal sealed class CursorPagination(Template cursorValue, Template? stopCondition, Template? pageSize) : IPaginationStrategy
{
    private static readonly string[] PageVariables = ["response", "headers", "last_record", "last_page_size", "last_page_token_value"];

    public static readonly ComponentSpec Spec = new("CursorPagination", ComponentKind.PaginationStrategy,
        "Cursor pagination: the next token (a cursor, a URL) is read from the response body or headers.",
        [
            Field.Template("cursor_value", "The next token, e.g. \"{{ response.next }}\" or \"{{ headers.link.next.url }}\".", required: true, PageVariables),
            Field.Template("stop_condition", "Stop when this holds, e.g. \"{{ not response.has_more }}\".", required: false, PageVariables),
            Field.Template("page_size", "Records per page, injected with page_size_option."),
        ])
    {
        Factory = (node, _) => new CursorPagination(
            Template.Compile(node.Text("cursor_value") ?? "", node.FieldPath("cursor_value")),
            node.Text("stop_condition") is { Length: > 0 } stop ? Template.Compile(stop, node.FieldPath("stop_condition")) : null,
            node.Text("page_size") is { Length: > 0 } size ? Template.Compile(size, node.FieldPath("page_size")) : null),
        Example = "type: CursorPagination\ncursor_value: \"{{ response.next_cursor }}\"\nstop_condition: \"{{ not response.has_more }}\"\npage_size: 100\n",
    };

    public bool ReadsResponse { get; } = cursorValue.Variables.Contains("response") || stopCondition?.Variables.Contains("response") == true;

    public object? InitialToken(TemplateScope scope) => null;

    public object? NextToken(PageResult page, TemplateScope scope)
    {
        var pageScope = page.Bind(scope);
        if (stopCondition is not null && stopCondition.EvaluateCondition(pageScope)) return null;
        var token = cursorValue.Evaluate(pageScope);
        return PyOps.Truthy(token) ? token : null;
    }

    public object? PageSize(TemplateScope scope) => PaginationValues.PageSize(pageSize, scope);
}
