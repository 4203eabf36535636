using System.Globalization;

namespace GradientWeb.Browser.Tests;

/// <summary>How busy the machine was, written beside a measured time: a frame rate taken on a shared machine means little without it.</summary>
internal static class MachineLoad
{
    public static string Describe()
    {
        var cores = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        const string loadavg = "/proc/loadavg";
        if (!File.Exists(loadavg))
        {
            return $"{cores} cores";
        }

        var parts = File.ReadAllText(loadavg).Split(' ');
        return $"load average {parts[0]} (1 min) on {cores} cores";
    }
}
