using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// <c>PageIncrement</c>: the token is a page number counted from <c>start_from_page</c>. Stops on a page shorter than
/// <c>page_size</c> (or an empty page when no size is set).
/// </summary>
internal sealed class PageIncrement(Template? pageSize, long startFromPage, bool injectOnFirstRequest) : IPaginationStrategy
{
    public static readonly ComponentSpec Spec = new("PageIncrement", ComponentKind.PaginationStrategy,
        "Page-number pagination starting at start_from_page; stops on a short page.",
        [
            Field.Template("page_size", "Records per page (a number or a template over config); a shorter page is the last."),
            Field.Integer("start_from_page", "Number of the first page.", 0),
            Field.Boolean("inject_on_first_request", "Send the first page's number on the first request too."),
        ])
    {
        Factory = (node, _) => new PageIncrement(
            node.Text("page_size") is { Length: > 0 } size ? Template.Compile(size, node.FieldPath("page_size")) : null,
            node.Integer("start_from_page")!.Value,
            node.Boolean("inject_on_first_request")),
        Example = "type: PageIncrement\npage_size: 50\nstart_from_page: 1\ninject_on_first_request: true\n",
    };

    public bool ReadsResponse => false;

    public object? InitialToken(TemplateScope scope) => injectOnFirstRequest ? startFromPage : null;

    public object? NextToken(PageResult page, TemplateScope scope)
    {
        var size = PaginationValues.PageSize(pageSize, scope);
        if ((size is not null && page.RecordCount < size) || page.RecordCount == 0) return null;
        return (page.Token is long current ? current : startFromPage) + 1;
    }

    public object? PageSize(TemplateScope scope) => PaginationValues.PageSize(pageSize, scope);
}
