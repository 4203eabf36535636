using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GradientWeb.Server.Storage;
using GradientWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GradientWeb.Server.Tests.Jobs;

/// <summary>
/// Several nodes on one PostgreSQL: jobs wait in the database, a free node claims each with FOR UPDATE SKIP LOCKED
/// under a lease; a node that dies loses its jobs to another once the lease runs out. Real servers throughout: two
/// in-process hosts, and for the kill a server process of its own that is sent SIGKILL.
/// </summary>
public sealed class WorkAcrossNodesTests
{
    // Short leases so a dead node's job moves within seconds; polls at most a third of the lease.
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Storage:LeaseSeconds"] = "3",
        ["Storage:PollMilliseconds"] = "100",
        ["Training:MaxConcurrentJobs"] = "1",
        ["Training:MaxEpochs"] = "10000000",
        ["Limits:MaxStoredValues"] = "20000",
    };

    // Lecture 000's fit, long enough to be caught mid-way: ~1 µs an epoch of 2 weights on 100 rows (more under load).
    // Waits allow 180 s: six helpers' builds share this machine's two cores.
    private static string Fit(int epochs) =>
        $$"""{ "dataset": { "name": "icecream" }, "lr": 0.00001, "epochs": {{epochs}}, "init": { "weights": [-5, 10] } }""";

    [Fact]
    public async Task Two_nodes_on_one_database_share_the_jobs_and_finish_each_exactly_once_with_the_same_history()
    {
        using var a = new PostgresTestApp(null, Fast);
        using var b = new PostgresTestApp(a.ConnectionString, Fast);
        var (clientA, clientB) = (a.CreateClient(), b.CreateClient());

        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await (i % 2 == 0 ? clientA : clientB).StartJobAsync(Fit(300_000)));
        }

        foreach (var id in ids)
        {
            var job = await clientA.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180);
            Assert.Equal("completed", job.GetProperty("status").GetString());
        }

        // Every job claimed once (attempt 1: no node ever took it from another), by both nodes between them.
        var rows = await Rows(a.ConnectionString, "SELECT id, attempt, lease_owner FROM jobs");
        Assert.Equal(ids.Order(), rows.Select(r => (string)r[0]).Order());
        Assert.All(rows, r => Assert.Equal(1, (int)r[1]));
        Assert.Equal(new[] { NodeId(a), NodeId(b) }.Order(), rows.Select(r => (string)r[2]).Distinct().Order());

        // Training is deterministic: the same request gives the same history whichever node ran it, read from either.
        var reference = await clientA.GetStringAsync($"/jobs/{ids[0]}/history");
        foreach (var id in ids)
        {
            Assert.Equal(reference, await clientB.GetStringAsync($"/jobs/{id}/history"));
        }
    }

    [Fact]
    public async Task A_node_killed_mid_job_loses_it_when_its_lease_runs_out_and_the_other_node_reruns_it_to_the_whole_history()
    {
        var database = PostgresServer.Shared.NewDatabase();
        string id;
        using (var doomed = NodeProcess.Start(database, Fast))
        {
            var http = new HttpClient { BaseAddress = doomed.Address };
            id = await http.StartJobAsync(Fit(1_500_000));
            await http.WaitForJobAsync(id, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 0);
            doomed.Kill();
        }

        // What the dead node left: the row says running under its lease, with part of a history.
        var left = (await Rows(database, $"SELECT status, attempt FROM jobs WHERE id = '{id}'"))[0];
        Assert.Equal(("running", 1), ((string)left[0], (int)left[1]));

        using var survivor = new PostgresTestApp(database, Fast);
        var client = survivor.CreateClient();
        var job = await client.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(1_500_000, job.GetProperty("epochsDone").GetInt32());

        var after = (await Rows(database, $"SELECT attempt, lease_owner FROM jobs WHERE id = '{id}'"))[0];
        Assert.Equal((2, NodeId(survivor)), ((int)after[0], (string)after[1]));

        // The whole history, once: every kept epoch from 0 to the last, in order, and the same as a run from scratch.
        var records = (await client.GetFromJsonAsync<JsonElement>($"/jobs/{id}/history")).GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()).ToList();
        var every = job.GetProperty("recordEvery").GetInt32();
        Assert.Equal(0, records[0]);
        Assert.Equal(1_500_000, records[^1]);
        Assert.Equal(records.Count, records.Distinct().Count());
        Assert.All(records[..^1], e => Assert.Equal(0, e % every));
        Assert.Equal((1_500_000 / every) + 1 + (1_500_000 % every == 0 ? 0 : 1), records.Count);
        var fresh = await client.StartJobAsync(Fit(1_500_000));
        await client.WaitForJobAsync(fresh, s => s is not ("queued" or "running"), seconds: 180);
        Assert.Equal(await client.GetStringAsync($"/jobs/{fresh}/history"), await client.GetStringAsync($"/jobs/{id}/history"));
    }

    [Fact]
    public async Task A_job_running_on_one_node_is_cancelled_from_the_other_and_restarted_from_it()
    {
        using var a = new PostgresTestApp(null, Fast);
        var clientA = a.CreateClient();
        var id = await clientA.StartJobAsync(Fit(5_000_000));
        await clientA.WaitForJobAsync(id, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 0);

        // A job waiting while the only node is busy is cancelled at once, in its row.
        var waiting = await clientA.StartJobAsync(Fit(10));
        Assert.Equal(HttpStatusCode.Accepted, (await clientA.DeleteAsync($"/jobs/{waiting}")).StatusCode);
        var gone = await clientA.GetFromJsonAsync<JsonElement>($"/jobs/{waiting}");
        Assert.Equal(("cancelled", 0), (gone.GetProperty("status").GetString(), gone.GetProperty("epochsDone").GetInt32()));

        using var b = new PostgresTestApp(a.ConnectionString, Fast);
        var clientB = b.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await clientB.DeleteAsync($"/jobs/{id}")).StatusCode);
        var cancelled = await clientB.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(NodeId(a), (string)(await Rows(a.ConnectionString, $"SELECT lease_owner FROM jobs WHERE id = '{id}'"))[0][0]);

        var restart = await clientB.PostAsync($"/jobs/{id}/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal("queued", (await restart.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await clientA.DeleteAsync($"/jobs/{id}");
        Assert.Equal("cancelled", (await clientA.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_node_shutting_down_hands_its_job_back_and_the_other_node_finishes_it()
    {
        var a = new PostgresTestApp(null, Fast);
        var id = await a.CreateClient().StartJobAsync(Fit(2_000_000));
        await a.CreateClient().WaitForJobAsync(id, s => s == "running", j => j.GetProperty("epochsDone").GetInt32() > 0);
        var database = a.ConnectionString;
        a.Dispose();
        Assert.Equal("queued", (string)(await Rows(database, $"SELECT status FROM jobs WHERE id = '{id}'"))[0][0]);

        using var b = new PostgresTestApp(database, Fast);
        var job = await b.CreateClient().WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(2, (int)(await Rows(database, $"SELECT attempt FROM jobs WHERE id = '{id}'"))[0][0]);
    }

    [Fact]
    public async Task A_cancel_asked_of_a_dead_nodes_job_ends_it_cancelled_on_an_idle_node_rather_than_rerunning_it()
    {
        using var a = new PostgresTestApp(null, Fast);
        var client = a.CreateClient();
        var id = await client.StartJobAsync(Fit(10));
        await client.WaitForJobAsync(id, s => s is not ("queued" or "running"), seconds: 180);

        // What a node that died after a cancel was asked leaves behind: running, its lease run out, the flag set.
        await Rows(a.ConnectionString, $"""
            UPDATE jobs SET status = 'running', lease_owner = 'a-dead-node', lease_expires = now() - interval '1 minute',
                cancel_requested = 1 WHERE id = '{id}' RETURNING id
            """);

        // The idle node's next poll, with nothing queued to claim, ends it cancelled and keeps its history.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string status;
        while ((status = (string)(await Rows(a.ConnectionString, $"SELECT status FROM jobs WHERE id = '{id}'"))[0][0]) == "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("cancelled", status);
        Assert.Equal(1, (int)(await Rows(a.ConnectionString, $"SELECT attempt FROM jobs WHERE id = '{id}'"))[0][0]);
    }

    private static string NodeId(TestApp app) => app.Services.GetRequiredService<JobLeases>().NodeId;

    private static async Task<List<object[]>> Rows(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The server as a process of its own (the test run's build of it), so it can be killed outright.</summary>
    private sealed class NodeProcess : IDisposable
    {
        private readonly Process _process;

        private NodeProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static NodeProcess Start(string connectionString, IReadOnlyDictionary<string, string?> settings)
        {
            var port = LoopbackPorts.Free(Enumerable.Range(5400, 50)).First();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GradientWeb.Server.dll"));
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["Storage__Provider"] = "postgres";
            start.Environment["Storage__ConnectionString"] = connectionString;
            start.Environment["Limits__CreatePerMinute"] = "1000000";
            start.Environment["Limits__CreateBurst"] = "1000000";
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"));
            node.WaitReady();
            return node;
        }

        /// <summary>SIGKILL: no shutdown, no hand-back; the lease is left to run out.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
        }

        private void WaitReady()
        {
            using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                try
                {
                    if (http.GetAsync("/readyz").Result.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or AggregateException or TaskCanceledException)
                {
                }

                Thread.Sleep(200);
            }

            Dispose();
            throw new InvalidOperationException($"The node process on {Address} did not become ready in 60 s.");
        }
    }
}
