using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// <c>OffsetIncrement</c>: the token is the number of records read so far. Stops on a page shorter than
/// <c>page_size</c> (or an empty page when no size is set).
/// </summary>
internal sealed class OffsetIncrement(Template? pageSize, bool injectOnFirstRequest) : IPaginationStrategy
{
    public static readonly ComponentSpec Spec = new("OffsetIncrement", ComponentKind.PaginationStrategy,
        "Offset pagination: the token is the count of records read so far; stops on a short page.",
        [
            Field.Template("page_size", "Records per page (a number or a template over config); a shorter page is the last."),
            Field.Boolean("inject_on_first_request", "Send offset 0 on the first request too."),
        ])
    {
        Factory = (node, _) => new OffsetIncrement(
            node.Text("page_size") is { Length: > 0 } size ? Template.Compile(size, node.FieldPath("page_size")) : null,
            node.Boolean("inject_on_first_request")),
        Example = "type: OffsetIncrement\npage_size: 100\ninject_on_first_request: true\n",
    };

    public bool ReadsResponse => false;

    public object? InitialToken(TemplateScope scope) => injectOnFirstRequest ? 0L : null;

    public object? NextToken(PageResult page, TemplateScope scope)
    {
        var size = PaginationValues.PageSize(pageSize, scope);
        if ((size is not null && page.RecordCount < size) || page.RecordCount == 0) return null;
        var offset = page.Token is long previous ? previous : 0L;
        return offset + page.RecordCount;
    }

    public object? PageSize(TemplateScope scope) => PaginationValues.PageSize(pageSize, scope);
}
