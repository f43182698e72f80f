using Siphon.Templates;

namespace Siphon;

/// <summary>
/// How many provider jobs may run at once, shared by every async stream of a source (parents included). A slot is
/// held from just before creation until the job completes, is given up or is aborted, and is always given back.
/// </summary>
public sealed class JobBudget(int capacity)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, capacity), Math.Max(1, capacity));
    private int _running;
    private int _peak;

    public int Capacity { get; } = Math.Max(1, capacity);

    /// <summary>The most jobs that ever held a slot at once during this run.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Evaluates <c>max_concurrent_async_job_count</c> with the user's config (the reference uses an empty one).</summary>
    public static JobBudget FromManifest(string? template, TemplateScope configScope)
    {
        if (string.IsNullOrWhiteSpace(template)) return new JobBudget(1);
        var value = Template.Compile(template, "max_concurrent_async_job_count").Evaluate(configScope);
        return value switch
        {
            long l => new JobBudget((int)Math.Clamp(l, 1, 10_000)),
            double d => new JobBudget((int)Math.Clamp(d, 1, 10_000)),
            string s when int.TryParse(s, out var i) => new JobBudget(Math.Clamp(i, 1, 10_000)),
            _ => throw new TemplateEvaluationException($"it must be a number, got '{Values.PythonText.Str(value)}'", template, "max_concurrent_async_job_count"),
        };
    }

    public async ValueTask<Slot> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var running = Interlocked.Increment(ref _running);
        int peak;
        while (running > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, running, peak) != peak) { }
        return new Slot(this);
    }

    private void Release()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    /// <summary>One held slot; disposing it gives the slot back, once.</summary>
    public sealed class Slot(JobBudget budget) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) budget.Release();
        }
    }
}
