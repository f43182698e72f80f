using Microsoft.AspNetCore.Components;
using Siphon.Builder.Sessions;

namespace Siphon.Builder.Components;

/// <summary>A component that shows part of the session and re-renders whenever the manifest or the selection changes.</summary>
public abstract class SessionComponent : ComponentBase, IDisposable
{
    [Inject] protected BuilderSession Session { get; set; } = default!;

    protected override void OnInitialized() => Session.Changed += OnSessionChanged;

    private void OnSessionChanged() => _ = InvokeAsync(StateHasChanged);

    public virtual void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }
}
