using System.Diagnostics;
using Npgsql;

namespace GradientWeb.Testing;

/// <summary>
/// A real PostgreSQL (Debian's, <c>/usr/lib/postgresql/N/bin</c>) in a temporary folder on a loopback port, one per
/// test process, stopped and removed when the process exits, however it exits (<see cref="ExitWatchdog"/>). Each test takes a database of its own with <see cref="NewDatabase"/>.
/// Where PostgreSQL is not installed it throws, so the tests that need it fail loudly rather than skip.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    // The ports this project's tests may use (55432–55439); the first free one is taken.
    private static readonly int[] Ports = [.. Enumerable.Range(55432, 8)];

    private readonly string _bin;
    private readonly string _folder;
    private readonly bool _asPostgresUser;
    private readonly string _options;

    private PostgresServer(string bin, string folder, bool asPostgresUser, int port, string options)
    {
        _bin = bin;
        _folder = folder;
        _asPostgresUser = asPostgresUser;
        _options = options;
        Port = port;
    }

    public static PostgresServer Shared => Instance.Value;

    /// <summary>A server of this test's own, which it may stop and start again (never the shared one).</summary>
    public static PostgresServer StartPrivate() => Start();

    /// <summary>Stops the server as an outage does (connections dropped); <see cref="Resume"/> starts it again.</summary>
    public void Pause() => Run(Path.Combine(_bin, "pg_ctl"), ["-D", _folder, "-m", "fast", "-w", "stop"], _asPostgresUser);

    public void Resume() =>
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", _folder, "-o", _options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], _asPostgresUser);

    /// <summary>Stops a private server and removes its folder.</summary>
    public void Dispose() => Stop();

    public int Port { get; }

    /// <summary>A connection string to a new, empty database on this server.</summary>
    public string NewDatabase()
    {
        var name = $"gw_{Guid.NewGuid():N}";
        // Unpooled: a private server stopped earlier may have had this very port, and a pooled connection to it would
        // be dead ("57P01 terminating connection due to administrator command" on its next use).
        using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=20";

    private static PostgresServer Start()
    {
        var bin = Environment.GetEnvironmentVariable("GW_POSTGRES_BIN") is { Length: > 0 } configured
            ? configured
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
                : null;
        if (bin is null || !File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException(
                "PostgreSQL is not installed: these tests start a real one. Install Debian's (apt-get install postgresql; ./test.sh does) or set GW_POSTGRES_BIN to a folder with initdb and pg_ctl.");
        }

        // initdb refuses to run as root: as root, the cluster belongs to Debian's postgres user.
        var asPostgresUser = Environment.UserName == "root";
        var parent = Path.Combine(Path.GetTempPath(), "gradientweb-pg");
        Directory.CreateDirectory(parent);
        RemoveStopped(parent);
        // Named after this process, so a later run can tell a cluster whose test host is gone from one still in use.
        var folder = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var pgCtl = (asPostgresUser ? "runuser -u postgres -- " : "") + ExitWatchdog.Quote(Path.Combine(bin, "pg_ctl"));
        ExitWatchdog.Arm($"{pgCtl} -D {ExitWatchdog.Quote(folder)} -m immediate -w stop; rm -rf {ExitWatchdog.Quote(folder)}");
        if (asPostgresUser)
        {
            Run("chown", ["postgres:postgres", folder], asPostgres: false);
        }

        Run(Path.Combine(bin, "initdb"), ["-D", folder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgresUser);
        foreach (var port in LoopbackPorts.Free(Ports))
        {
            var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
            var (code, _) = Run(Path.Combine(bin, "pg_ctl"), ["-D", folder, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"], asPostgresUser, throwOnError: false);
            if (code == 0)
            {
                var server = new PostgresServer(bin, folder, asPostgresUser, port, options);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start on any of the ports {Ports[0]}–{Ports[^1]}: {TryRead(Path.Combine(folder, "server.log"))}");
    }

    private void Stop()
    {
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", _folder, "-m", "immediate", "-w", "stop"], _asPostgresUser, throwOnError: false);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    // Clusters of earlier runs left behind (by hosts from before the watchdog, or a watchdog that was itself killed):
    // nothing runs there (no postmaster.pid) and the test host named in the folder is gone; a folder without a host's
    // id must be an hour old, so a cluster another test run is making right now (initdb, not yet started) is left alone.
    private static void RemoveStopped(string parent)
    {
        var stale = Directory.GetDirectories(parent)
            .Where(f => !File.Exists(Path.Combine(f, "postmaster.pid")) && OwnerGone(f));
        foreach (var folder in stale)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool OwnerGone(string folder)
    {
        var name = Path.GetFileName(folder);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(name.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture, out var pid)
            ? !Directory.Exists($"/proc/{pid}")
            : Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddHours(-1);
    }

    private static (int Code, string Output) Run(string file, IReadOnlyList<string> arguments, bool asPostgres, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var output = stdout + stderr.Result;
        if (throwOnError && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
        }

        return (process.ExitCode, output);
    }

    private static string TryRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no log)";
}
