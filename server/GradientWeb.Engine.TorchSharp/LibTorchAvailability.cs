using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace GradientWeb.Engine.TorchSharp;

/// <summary>
/// Whether an engine runs on this machine, and if not, why in plain words (<paramref name="Reason"/>, English) and as
/// a stable <paramref name="Code"/> a client words in its own language: <c>platform</c>, <c>libstdcxx</c>,
/// <c>not-included</c>, <c>load-failed</c>, <c>wrong-result</c>.
/// </summary>
public sealed record EngineAvailability(bool Available, string? Reason, string? Code = null);

/// <summary>
/// Loads libtorch once and says whether it worked. TorchSharp's native shim needs GCC 13's libstdc++
/// (GLIBCXX_3.4.32, which needs glibc ≥ 2.38); where it is older TorchSharp's own message blames a missing package
/// reference, so the probe looks at the machine and says what it lacks instead.
/// </summary>
public static class LibTorchAvailability
{
    /// <summary>The libtorch that libtorch-cpu-linux-x64 ships (Directory.Packages.props pins it).</summary>
    public const string LibTorchVersion = "2.10.0";

    private const string NeededGlibcxx = "GLIBCXX_3.4.32";

    private static readonly Lazy<EngineAvailability> Probe = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static EngineAvailability Current => Probe.Value;

    /// <summary>"libtorch 2.10.0 (TorchSharp 0.107.0)".</summary>
    public static string Version { get; } =
        $"libtorch {LibTorchVersion} (TorchSharp {typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? typeof(torch).Assembly.GetName().Version?.ToString(3)})";

    private static EngineAvailability Load()
    {
        var missing = MissingRequirement();
        if (missing is not null)
        {
            // Never ask TorchSharp to load here: its failure message is misleading, and a failed load is not retried.
            return missing;
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);

            // One thread per job: lecture-sized tensors gain nothing from intra-op threads, and jobs run side by side.
            torch.set_num_threads(1);
            using var probe = torch.ones(2).sum();
            return probe.item<float>() == 2f
                ? new EngineAvailability(true, null)
                : new EngineAvailability(false, "libtorch loaded but computed 1 + 1 wrongly.", "wrong-result");
        }
        catch (Exception ex) when (ex is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return new EngineAvailability(false, $"TorchSharp could not load libtorch on this system ({Describe()}): {ex.GetBaseException().Message}", "load-failed");
        }
    }

    /// <summary>What this machine lacks for TorchSharp's shim, or null when it looks able to load it.</summary>
    internal static EngineAvailability? MissingRequirement()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return new EngineAvailability(false, $"this build ships libtorch for Linux x64 only; this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}.", "platform");
        }

        var glibc = GlibcVersion();
        var libstdcxx = LibStdCxxPath();
        if (libstdcxx is not null && !FileContains(libstdcxx, NeededGlibcxx))
        {
            return new EngineAvailability(
                false,
                $"libtorch (TorchSharp's native shim) needs glibc 2.38 / {NeededGlibcxx} (GCC 13's libstdc++, as on Debian 13 or Ubuntu 24.04); " +
                $"this system has glibc {glibc ?? "unknown"} and a libstdc++ without {NeededGlibcxx}.",
                "libstdcxx");
        }

        return MissingNatives(AppContext.BaseDirectory) is { } optIn ? new EngineAvailability(false, optIn, "not-included") : null;
    }

    /// <summary>How to include libtorch when this build left it out (it is an opt-in of the run command); else null.</summary>
    public const string OptIn = "this build does not include libtorch (123 MB to download, an opt-in of the run command): " +
                                "start the server with `dotnet run -c Release --project server/GradientWeb.Server -p:LibTorch=true`; the Docker image includes it.";

    /// <summary><see cref="OptIn"/> when libtorch's libraries are not beside the app in <paramref name="appDirectory"/>.</summary>
    internal static string? MissingNatives(string appDirectory)
    {
        // Where the build puts libtorch-cpu-linux-x64's libraries: runtimes/linux-x64/native/ (a portable app), or
        // beside the app (a build for linux-x64).
        string[] places = [Path.Combine(appDirectory, "runtimes", "linux-x64", "native", LibTorchCpu), Path.Combine(appDirectory, LibTorchCpu)];
        return places.Any(File.Exists) ? null : OptIn;
    }

    private const string LibTorchCpu = "libtorch_cpu.so";

    private static string Describe() => $"glibc {GlibcVersion() ?? "unknown"}, {RuntimeInformation.OSDescription}";

    internal static string? GlibcVersion()
    {
        try
        {
            return Marshal.PtrToStringAnsi(gnu_get_libc_version());
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // not glibc (musl): the shim will not load either, and the load attempt says so
        }
    }

    // The libstdc++ the dynamic loader would pick for a 64-bit process: the first that exists where Debian and
    // Ubuntu keep it. Reading its version-definition strings is what the loader checks too.
    private static string? LibStdCxxPath() =>
        new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);

    private static bool FileContains(string path, string text)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(text + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    [DllImport("libc", CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr gnu_get_libc_version();
}
