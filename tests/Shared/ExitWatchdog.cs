using System.Diagnostics;

namespace GradientWeb.Testing;

/// <summary>
/// Runs a shell command once this test process has ended, however it ends. <c>ProcessExit</c> handlers do not run when
/// the test host is killed (a SIGKILL, a hang timeout, a crash) and are cut short when the test runner kills a host that
/// is slow to exit, which left redis-server processes and PostgreSQL clusters behind. The watchdog is a small shell
/// outside this process's tree and session (started through <c>setsid</c> by a shell that exits at once), so killing
/// the test host, its process group or its whole process tree does not take the watchdog with it; <c>tail --pid</c>
/// notices the host's end within a second.
/// </summary>
public static class ExitWatchdog
{
    /// <summary>Arms <paramref name="cleanup"/> (a bash command; <c>$1</c> is this process's id) to run after this process exits.</summary>
    public static void Arm(string cleanup)
    {
        var script = $"exec </dev/null >/dev/null 2>&1; tail --pid=\"$1\" -f /dev/null; {cleanup}";
        var start = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-c", "setsid bash -c \"$0\" gradientweb-test-watchdog \"$1\" </dev/null >/dev/null 2>&1 &", script, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        using var launcher = Process.Start(start)!;
        launcher.WaitForExit();
    }

    /// <summary>A word quoted for bash.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
