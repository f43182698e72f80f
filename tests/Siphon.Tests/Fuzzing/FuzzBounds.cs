using System.Text;
using FsCheck;

namespace Siphon.Tests.Fuzzing;

/// <summary>
/// Runs one fuzz input under a wall-clock bound and turns what happened into an outcome the property can judge:
/// a result, a typed error, an untyped crash, or a hang. A hang or a crash fails with the input printed, so it can be
/// replayed by hand; FsCheck then shrinks it to a smaller input that still fails.
/// </summary>
internal static class FuzzBounds
{
    /// <summary>Generous for one input on a loaded 2-core CI machine; a real hang never finishes at all.</summary>
    public static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    /// <summary>FsCheck's configuration for every fuzz property: a fixed seed, so a failure reproduces run after run.</summary>
    public static Config Seeded(ulong seed, int tests) =>
        Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(seed, 0x9E3779B97F4A7C15UL).WithQuietOnSuccess(true);

    /// <summary>
    /// Runs <paramref name="action"/> on the thread pool; returns the exception it threw (null for a result), or fails the
    /// test naming <paramref name="input"/> when it takes longer than <paramref name="limit"/>.
    /// </summary>
    public static Exception? Run(string what, string input, Func<CancellationToken, Task> action, TimeSpan? limit = null)
    {
        var bound = limit ?? PerInput;
        using var cancellation = new CancellationTokenSource();
        var task = Task.Run(() => action(cancellation.Token));
        try
        {
            if (!task.Wait(bound))
            {
                cancellation.Cancel();
                throw new FuzzFailure($"{what} did not finish within {bound.TotalSeconds:0} s on input {Show(input)}");
            }
            return null;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            return e.InnerException;
        }
    }

    public static Exception? Run(string what, string input, Action action, TimeSpan? limit = null) =>
        Run(what, input, _ => { action(); return Task.CompletedTask; }, limit);

    /// <summary>Fails unless the code under test returned a result.</summary>
    public static void ExpectResult(Exception? error, string what, string input)
    {
        if (error is not null) throw new FuzzFailure($"{what} threw {error.GetType().Name} ({error.Message}) on input {Show(input)}\n{error}");
    }

    /// <summary>Fails unless <paramref name="error"/> is null or one of the typed errors allowed for this input.</summary>
    public static void ExpectResultOr<TTyped>(Exception? error, string what, string input, Func<TTyped, bool>? isClear = null) where TTyped : Exception
    {
        if (error is null) return;
        if (error is TTyped typed && (isClear is null || isClear(typed))) return;
        throw new FuzzFailure($"{what} threw {error.GetType().Name} ({error.Message}) on input {Show(input)}\n{error}");
    }

    /// <summary>The input as a C# literal (control characters escaped), cut to a readable length.</summary>
    public static string Show(string input)
    {
        var text = new StringBuilder("\"");
        foreach (var c in input.Length > 4000 ? input[..4000] : input)
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        text.Append('"');
        if (input.Length > 4000) text.Append($" (first 4000 of {input.Length} characters)");
        return text.ToString();
    }

    public static string Show(byte[] input) =>
        $"bytes[{input.Length}] {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 2000)))}{(input.Length > 2000 ? "..." : "")}";
}

/// <summary>A fuzz input that crashed or hung the code under test.</summary>
internal sealed class FuzzFailure(string message) : Exception(message);
