using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GradientWeb.Testing;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>) on a loopback port, in memory only, one per test process, stopped when
/// the process exits, however it exits (<see cref="ExitWatchdog"/>). Where it is not installed it throws, so the tests that need it fail loudly rather than skip.
/// </summary>
public sealed class RedisServer
{
    // The ports this project's tests may use for Redis (56379–56389); the first free one is taken.
    private static readonly int[] Ports = [.. Enumerable.Range(56379, 11)];

    // A test's own Redis, which it may stop and start again (56390–56399), apart from the shared one.
    private static readonly int[] PrivatePorts = [.. Enumerable.Range(56390, 10)];

    private static readonly Lazy<RedisServer> Instance = new(() => Start(Ports), LazyThreadSafetyMode.ExecutionAndPublication);

    private Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public static RedisServer Shared => Instance.Value;

    /// <summary>A Redis of the calling test's own, to stop (<see cref="Stop"/>) and start again (<see cref="Restart"/>).</summary>
    public static RedisServer StartPrivate() => Start(PrivatePorts);

    public int Port { get; }

    /// <summary>For <c>SignalR:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    private static RedisServer Start(int[] ports)
    {
        foreach (var port in LoopbackPorts.Free(ports))
        {
            var process = Launch(port);
            if (WaitListening(port, process))
            {
                var server = new RedisServer(process, port);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }

            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        throw new InvalidOperationException($"redis-server did not start on any of the ports {ports[0]}–{ports[^1]}.");
    }

    /// <summary>Starts this server again on its port, empty (it keeps nothing on disk), after <see cref="Stop"/>.</summary>
    public void Restart()
    {
        _process = Launch(Port);
        if (!WaitListening(Port, _process))
        {
            throw new InvalidOperationException($"redis-server did not start again on port {Port}.");
        }
    }

    private static Process Launch(int port)
    {
        var binary = Environment.GetEnvironmentVariable("GW_REDIS_SERVER") is { Length: > 0 } configured ? configured : "/usr/bin/redis-server";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                "Redis is not installed: these tests start a real one. Install Debian's (apt-get install redis-server; ./test.sh does) or set GW_REDIS_SERVER to a redis-server binary.");
        }

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        ExitWatchdog.Arm($"[ \"$(cat /proc/{process.Id}/comm 2>/dev/null)\" = redis-server ] && kill -9 {process.Id}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Kills the server (as a crash would; the shared one only at the end of the test process).</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static bool WaitListening(int port, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return false;
    }
}
