using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Siphon.Builder.Sessions;

/// <summary>
/// Whether this tab's circuit is connected. A reloaded or closed tab only disconnects: Blazor keeps its circuit (and its
/// components) for minutes in case it comes back, so a test run must not count it as watching in the meantime.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    public bool Up { get; private set; } = true;

    public event Action<bool>? Changed;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Up = false;
        Changed?.Invoke(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Up = true;
        Changed?.Invoke(true);
        return Task.CompletedTask;
    }
}
