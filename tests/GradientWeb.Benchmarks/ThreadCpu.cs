using System.Runtime.InteropServices;

namespace GradientWeb.Benchmarks;

/// <summary>The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): steadier than wall time on a loaded machine.</summary>
internal static class ThreadCpu
{
    public static double Nanoseconds()
    {
        const int threadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
        _ = ClockGetTime(threadCpuTime, out var time);
        return (time.Seconds * 1e9) + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
