using System.Diagnostics;
using System.Globalization;

namespace GradientWeb.Browser.Tests;

/// <summary>
/// CPU time spent by this process (the test host, which runs the server: training, the feed, storage) and by the
/// Chromium processes below it, read from /proc: a frame rate measured on a 2-core machine says little until it is
/// known who used the cores meanwhile, the page or the job it watches.
/// </summary>
internal sealed class CpuTime
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly TimeSpan _server;
    private readonly Dictionary<int, (TimeSpan Time, bool Renderer)> _chromium;

    private CpuTime(TimeSpan server, Dictionary<int, (TimeSpan Time, bool Renderer)> chromium)
    {
        _server = server;
        _chromium = chromium;
    }

    public static CpuTime Now()
    {
        var chromium = new Dictionary<int, (TimeSpan, bool)>();
        foreach (var (pid, time) in Descendants(Environment.ProcessId))
        {
            if (IsChromium(pid))
            {
                chromium[pid] = (time, CommandLine(pid).Contains("--type=renderer", StringComparison.Ordinal));
            }
        }

        return new CpuTime(Process.GetCurrentProcess().TotalProcessorTime, chromium);
    }

    /// <summary>What each side used from <paramref name="start"/> until this reading, <paramref name="wall"/> apart.</summary>
    public string Since(CpuTime start, TimeSpan wall)
    {
        // Per process: one started meanwhile (the page's renderer) counts from zero, one that ended drops out.
        var browser = TimeSpan.Zero;
        var renderer = TimeSpan.Zero;
        foreach (var (pid, (time, isRenderer)) in _chromium)
        {
            var used = time - (start._chromium.TryGetValue(pid, out var before) ? before.Time : TimeSpan.Zero);
            browser += used;
            if (isRenderer)
            {
                renderer += used;
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"CPU over those {wall.TotalSeconds:F1} s: server and test host {(_server - start._server).TotalSeconds:F1} s, Chromium {browser.TotalSeconds:F1} s (its renderers {renderer.TotalSeconds:F1} s)");
    }

    private static bool IsChromium(int pid) => Comm(pid).StartsWith("chrom", StringComparison.Ordinal);

    private static string Comm(int pid) => Read($"/proc/{pid}/comm").Trim();

    private static string CommandLine(int pid) => Read($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Every process below <paramref name="root"/> with its CPU time (user + system), from /proc/N/stat.</summary>
    private static IEnumerable<(int Pid, TimeSpan Time)> Descendants(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        var stats = new Dictionary<int, (int Parent, TimeSpan Time)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            // The command name may hold spaces or parentheses: the fields start after the last ')'.
            var stat = Read(Path.Combine(dir, "stat"));
            var end = stat.LastIndexOf(')');
            if (end < 0)
            {
                continue;
            }

            var fields = stat[(end + 2)..].Split(' ');
            if (fields.Length < 13)
            {
                continue;
            }

            var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(ticks / TicksPerSecond));
        }

        var below = new HashSet<int> { root };
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, (parent, _)) in stats)
            {
                if (below.Contains(parent) && below.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        foreach (var pid in below)
        {
            if (pid != root && stats.TryGetValue(pid, out var s))
            {
                yield return (pid, s.Time);
            }
        }
    }
}
