using Siphon.Components;
using Siphon.Http;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary>
/// <c>DefaultPaginator</c>: a pagination strategy plus where its token goes (<c>page_token_option</c>: a request option,
/// or <c>RequestPath</c> for a next-page URL) and where the page size goes (<c>page_size_option</c>).
/// </summary>
internal sealed class DefaultPaginator(IPaginationStrategy strategy, IRequestInjection? tokenOption, IRequestInjection? sizeOption) : IPaginator
{
    public static readonly ComponentSpec Spec = new("DefaultPaginator", ComponentKind.Paginator,
        "Paginates with a strategy, injecting the page token and page size into each request.",
        [
            Field.Component("pagination_strategy", ComponentKind.PaginationStrategy, "How the next page's token is computed.", required: true),
            Field.Component("page_token_option", ComponentKind.RequestOption, "Where the token goes (a RequestOption, or RequestPath for a URL).", implied: "RequestOption"),
            Field.Component("page_size_option", ComponentKind.RequestOption, "Where the page size goes.", implied: "RequestOption"),
            Field.Template("url_base", "Ignored (the requester's URL is used), accepted for older manifests."),
        ])
    {
        Factory = (node, context) => new DefaultPaginator(
            context.Build<IPaginationStrategy>(node.Child("pagination_strategy")!),
            context.BuildOptional<IRequestInjection>(node.Child("page_token_option")),
            context.BuildOptional<IRequestInjection>(node.Child("page_size_option"))),
        Example = """
            type: DefaultPaginator
            pagination_strategy: { type: OffsetIncrement, page_size: 100 }
            page_token_option: { type: RequestOption, inject_into: request_parameter, field_name: offset }
            page_size_option: { type: RequestOption, inject_into: request_parameter, field_name: limit }
            """,
    };

    public bool ReadsResponse => strategy.ReadsResponse;

    public object? InitialToken(TemplateScope scope) => strategy.InitialToken(scope);

    public object? NextToken(PageResult page, TemplateScope scope) => strategy.NextToken(page, scope);

    public void AddRequestOptions(object? token, TemplateScope scope, List<InjectedOption> options)
    {
        if (token is not null && tokenOption is not null) options.Add(new InjectedOption(tokenOption, token));
        if (sizeOption is not null && strategy.PageSize(scope) is { } size) options.Add(new InjectedOption(sizeOption, size));
    }
}
