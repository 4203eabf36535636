using GradientWeb.Testing;
using GradientWeb.Tests.Golden;

namespace GradientWeb.Engine.TorchSharp.Tests;

public sealed class AvailabilityTests
{
    [Fact]
    public void Libtorch_loads_where_the_test_run_expects_it()
    {
        // test.sh sets this inside the Debian 13 rootfs, so a libtorch that silently failed to load there (and skipped
        // every test) fails the run instead.
        if (Environment.GetEnvironmentVariable("GW_EXPECT_LIBTORCH") == "1")
        {
            Assert.True(LibTorchEngine.Availability.Available, LibTorchEngine.Availability.Reason);
        }

        Assert.Equal(LibTorchEngine.Availability.Available, LibTorchEngine.Availability.Reason is null);
    }

    [Fact]
    public void The_version_names_libtorch_and_torchsharp()
    {
        Assert.Matches(@"^libtorch \d+\.\d+\.\d+ \(TorchSharp \d+\.\d+\.\d+\)$", LibTorchEngine.Version);
    }

    [WithoutLibTorchFact]
    public void Where_libtorch_cannot_load_the_reason_names_what_the_system_lacks()
    {
        var reason = LibTorchEngine.Availability.Reason!;
        Assert.Contains("GLIBCXX_3.4.32", reason);
        Assert.Contains("glibc 2.38", reason);
        Assert.Contains($"this system has glibc {LibTorchAvailability.GlibcVersion()}", reason);
        Assert.DoesNotContain("reference", reason); // not TorchSharp's misleading "doesn't contain a reference to libtorch"
    }

    [WithoutLibTorchFact]
    public void Where_libtorch_cannot_load_a_job_is_refused_with_the_reason_and_a_bad_spec_still_names_its_field()
    {
        var engine = new LibTorchEngine();
        var refused = Assert.Throws<LibTorchUnavailableException>(() => engine.Prepare(Lecture000.Spec()));
        Assert.Equal(LibTorchEngine.Availability.Reason, refused.Message);

        var bad = Assert.Throws<Engine.Training.SpecException>(() => engine.Prepare(Lecture000.Spec() with { Epochs = 0 }));
        Assert.Contains("epochs", bad.Message);
    }

    [Fact]
    public void A_build_without_libtorchs_libraries_says_how_to_opt_in()
    {
        // The server leaves libtorch out unless run with -p:LibTorch=true: GET /engines then says how to include it.
        var empty = Directory.CreateTempSubdirectory("gw-no-libtorch-");
        try
        {
            var reason = LibTorchAvailability.MissingNatives(empty.FullName)!;
            Assert.Contains("-p:LibTorch=true", reason);
            Assert.Contains("does not include libtorch", reason);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_test_projects_always_carry_libtorchs_libraries()
    {
        Assert.Null(LibTorchAvailability.MissingNatives(AppContext.BaseDirectory));
    }
}
