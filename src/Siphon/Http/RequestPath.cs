using Siphon.Components;
using Siphon.Templates;

namespace Siphon.Http;

/// <summary>Injects the value as the request's path (a paginator's next-page URL or path), replacing the requester's own.</summary>
internal sealed class RequestPath : IRequestInjection
{
    public static readonly ComponentSpec Spec = new("RequestPath", ComponentKind.RequestOption,
        "Uses the injected value (typically the next page's URL or path) as the request's path.", [])
    {
        Factory = (_, _) => new RequestPath(),
        Example = "type: RequestPath\n",
    };

    public void Inject(RequestParts parts, object? value, TemplateScope scope)
    {
        if (value is not null) parts.PathOverride = ValueTemplate.Text(value);
    }
}
