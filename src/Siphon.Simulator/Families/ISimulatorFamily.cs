using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Siphon.Simulator;

/// <summary>One simulated API family: its routes, and how <c>/__expected?family=</c> rebuilds its data without a job.</summary>
internal interface ISimulatorFamily
{
    string Name { get; }

    /// <summary>"METHOD path  (note)" lines, for the CLI banner, <c>/__routes</c> and the docs.</summary>
    IReadOnlyList<string> Routes { get; }

    void Map(IEndpointRouteBuilder routes);

    /// <summary>The dataset a create request with these query parameters would produce; throws <see cref="KnobException"/> when a parameter is missing.</summary>
    Dataset DatasetFor(IQueryCollection query, Knobs knobs);
}
