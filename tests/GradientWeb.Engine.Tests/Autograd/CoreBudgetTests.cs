using GradientWeb.Engine.Autograd;

namespace GradientWeb.Engine.Tests.Autograd;

/// <summary>A job's matrix products split only over the cores the other running jobs leave free.</summary>
public sealed class CoreBudgetTests
{
    [Theory]
    [InlineData(0, 2, 2)]
    [InlineData(1, 2, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(3, 2, 1)]
    [InlineData(2, 8, 7)]
    [InlineData(1, 1, 1)]
    public void A_run_gets_its_own_core_and_the_free_ones(int running, int processors, int cores) =>
        Assert.Equal(cores, CoreBudget.CoresFor(running, processors));

    [Fact]
    public void Work_beside_a_run_takes_a_core_only_where_the_run_leaves_one_spare()
    {
        // Far more processors than this process's runs: one is spare and taken (the lease gives it back).
        Assert.True(CoreBudget.TryEnterBeside(1_000, out var lease));
        lease.Dispose();

        // One processor: the run about to start holds it, nothing is spare.
        Assert.False(CoreBudget.TryEnterBeside(1, out _));
    }

}
