// The load test measures this process's heap, timers and sockets, and the crash loop times kills from the simulator's
// stats: neither may share the process, or the machine's two cores, with another test class running at the same time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
