using Siphon.Components;
using Siphon.Http;
using Siphon.Templates;

namespace Siphon.Retrieval.Pagination;

/// <summary><c>NoPagination</c>: one request per slice.</summary>
internal sealed class NoPagination : IPaginator
{
    public static readonly ComponentSpec Spec = new("NoPagination", ComponentKind.Paginator, "One request per slice, no pagination.", [])
    {
        Factory = (_, _) => new NoPagination(),
        Example = "type: NoPagination\n",
    };

    public bool ReadsResponse => false;

    public object? InitialToken(TemplateScope scope) => null;

    public object? NextToken(PageResult page, TemplateScope scope) => null;

    public void AddRequestOptions(object? token, TemplateScope scope, List<InjectedOption> options) { }
}
