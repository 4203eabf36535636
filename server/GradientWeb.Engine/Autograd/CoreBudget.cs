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
    /// Whether a run about to start would leave a core no run of this process holds: where its start diagnostics can
    /// go beside it (<see cref="Training.StartDiagnosis"/>).
    /// </summary>
    public static bool SpareBesideOneMore => CoresFor(Running + 1, Environment.ProcessorCount) > 1;

    /// <summary>A run's own core plus the ones the other <paramref name="running"/> − 1 runs leave free.</summary>
    internal static int CoresFor(int running, int processors) => Math.Max(1, processors - Math.Max(running, 1) + 1);

    public readonly struct Lease : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref _running);
    }
}
