using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>A watcher that stops reading must slow neither the job nor the other watchers.</summary>
/// <remarks>Runs alone: it times gaps between messages, which other test classes' CPU load would stretch.</remarks>
[Collection(SerialCollection.Name)]
public sealed class SlowWatcherTests : IDisposable
{
    private readonly LiveServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_stalled_watcher_does_not_hold_up_another_watcher_or_the_job()
    {
        // ŷ of 2000 points on every epoch: megabytes a second, enough to fill a socket that is never read.
        const string body = """
            { "dataset": { "name": "dnnex0" }, "model": { "type": "logistic" }, "loss": "bce", "optimizer": { "type": "adam" },
              "lr": 0.01, "epochs": 3000, "init": { "weights": [0, 0] } }
            """;
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var response = await http.PostAsync("/train", new StringContent(body, Encoding.UTF8, "application/json"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The stalled watcher: handshake, Watch, then never reads again.
        using var stalled = new ClientWebSocket();
        stalled.Options.SetBuffer(1024, 1024);
        await stalled.ConnectAsync(new Uri(_server.BaseAddress, "hubs/training").ToWs(), CancellationToken.None);
        await stalled.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
        await stalled.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":4,\"invocationId\":\"1\",\"target\":\"Watch\",\"arguments\":[\"{id}\"]}}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await using var reader = await RawSignalRClient.ConnectAsync(_server.BaseAddress);
        var invocation = await reader.StreamAsync("Watch", id);
        var epochs = new List<int>();
        var snapshotCount = 0;
        string? status = null;
        var longestWait = TimeSpan.Zero;
        var last = clock.Elapsed;
        while (status is not ("completed" or "failed"))
        {
            var m = await reader.NextAsync(TimeSpan.FromSeconds(20));
            longestWait = clock.Elapsed - last > longestWait ? clock.Elapsed - last : longestWait;
            last = clock.Elapsed;
            if (m.GetProperty("type").GetInt32() == 2 && m.GetProperty("invocationId").GetString() == invocation)
            {
                var page = m.GetProperty("item");
                epochs.InsertRange(snapshotCount, page.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
                snapshotCount += page.GetProperty("records").GetArrayLength();
                var s = page.GetProperty("job").ValueKind == JsonValueKind.Object ? page.GetProperty("job").GetProperty("status").GetString() : null;
                status = s is "completed" ? s : status;
            }
            else if (m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Epochs")
            {
                epochs.AddRange(m.GetProperty("arguments")[1].EnumerateArray().Select(r => r.GetProperty("epoch").GetInt32()));
            }
            else if (m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == "Status")
            {
                status = m.GetProperty("arguments")[0].GetProperty("status").GetString();
            }
        }

        Assert.Equal("completed", status);
        Assert.Equal(Enumerable.Range(0, 3001), epochs.Order());
        // The feed pushes every 50 ms and gives a stuck send 1 s; blocked behind the stalled socket it went quiet for
        // over 10 s (measured before the fix).
        Assert.True(longestWait < TimeSpan.FromSeconds(6), $"the reader waited {longestWait} between two messages (total {clock.Elapsed})");
        stalled.Abort();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (timing)";
}
