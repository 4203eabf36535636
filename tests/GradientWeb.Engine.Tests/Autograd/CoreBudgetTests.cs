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

}
