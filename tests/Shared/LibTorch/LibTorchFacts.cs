using GradientWeb.Engine.TorchSharp;
using Xunit;

namespace GradientWeb.Testing;

/// <summary>
/// A test that needs libtorch: skipped, with the probe's reason, where TorchSharp cannot load (Debian 12). test.sh
/// runs this project again inside a Debian 13 rootfs with GW_EXPECT_LIBTORCH=1, where a skip would be a failure
/// (AvailabilityTests.Libtorch_loads_where_the_test_run_expects_it).
/// </summary>
public sealed class LibTorchFactAttribute : FactAttribute
{
    public LibTorchFactAttribute() => Skip = LibTorchEngine.Availability.Available ? null : SkipReason();

    internal static string SkipReason() => $"libtorch is unavailable here: {LibTorchEngine.Availability.Reason} (test.sh runs these inside a Debian 13 rootfs).";
}

/// <inheritdoc cref="LibTorchFactAttribute"/>
public sealed class LibTorchTheoryAttribute : TheoryAttribute
{
    public LibTorchTheoryAttribute() => Skip = LibTorchEngine.Availability.Available ? null : LibTorchFactAttribute.SkipReason();
}

/// <summary>A test of the machine without libtorch: what the probe says and that nothing crashes.</summary>
public sealed class WithoutLibTorchFactAttribute : FactAttribute
{
    public WithoutLibTorchFactAttribute() => Skip = LibTorchEngine.Availability.Available ? "libtorch loads here." : null;
}
