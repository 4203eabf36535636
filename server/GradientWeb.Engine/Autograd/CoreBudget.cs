namespace GradientWeb.Engine.Autograd;

/// <summary>
/// How many cores one job's matrix product may split over: its own plus those no other running job holds. The
/// server trains several jobs at once (one per worker slot); splitting every product over every core while the
/// other slots train too would only make the jobs queue for each other's cores.
/// </summary>
public static class CoreBudget
{
    private static int _running;

    /// <summary>Training runs in this process right now.</summary>
    public static int Running => Volatile.Read(ref _running);

    /// <summary>Cores a product of the calling run may use now (at least 1).</summary>
    public static int ForOneRun => CoresFor(Running, Environment.ProcessorCount);

    /// <summary>Counts a run as busy until the returned lease is disposed.</summary>
    public static Lease Enter()
    {
        Interlocked.Increment(ref _running);
        return new Lease();
    }

    /// <summary>
    /// Takes a core for work beside a run about to start (its start diagnostics, <see cref="Training.StartDiagnosis"/>)
    /// if that run would still leave one no run of this process holds; false, and nothing taken, if not. Checked and
    /// counted in one step, so two jobs starting at once cannot both take the last spare core.
    /// </summary>
    public static bool TryEnterBeside(out Lease lease) => TryEnterBeside(Environment.ProcessorCount, out lease);

    internal static bool TryEnterBeside(int processors, out Lease lease)
    {
        lease = default;
        while (true)
        {
            var running = Volatile.Read(ref _running);
            if (CoresFor(running + 1, processors) <= 1)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _running, running + 1, running) == running)
            {
                lease = new Lease();
                return true;
            }
        }
    }

    /// <summary>A run's own core plus the ones the other <paramref name="running"/> − 1 runs leave free.</summary>
    internal static int CoresFor(int running, int processors) => Math.Max(1, processors - Math.Max(running, 1) + 1);

    public readonly struct Lease : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref _running);
    }
}
