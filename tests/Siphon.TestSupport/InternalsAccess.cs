using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace Siphon.TestSupport;

/// <summary>
/// Whether one assembly lets another use its internals. A front end that reaches the engine's internals breaks whenever
/// the engine's inside changes, so the front ends' tests check that the engine grants them none.
/// </summary>
public static class InternalsAccess
{
    public static void AssertNoneGranted(Assembly provider, Assembly user)
    {
        var granted = provider.GetCustomAttributes<InternalsVisibleToAttribute>().Select(attribute => attribute.AssemblyName);

        Assert.DoesNotContain(user.GetName().Name, granted);
    }
}
