using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using GradientWeb.Testing;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// What an idle, silent or stalled connection may cost: the snapshot is sent a bounded page at a time as the client
/// reads, and a client that stops answering is dropped after the client timeout (here 4 s, pings every 2 s).
/// </summary>
/// <remarks>Runs alone: it measures this process's managed heap, which other test classes would fill.</remarks>
[Collection(SerialCollection.Name)]
public sealed class ConnectionLimitsTests : IDisposable
{
    private readonly LiveServer _server = new(new()
    {
        ["SignalR:ClientTimeoutSeconds"] = "4",
        ["SignalR:KeepAliveSeconds"] = "2",
        ["SignalR:HandshakeTimeoutSeconds"] = "2",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_client_that_completes_the_handshake_and_then_says_nothing_is_closed_after_the_client_timeout()
    {
        using var socket = await OpenAsync();
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        var clock = Stopwatch.StartNew();
        var received = await DrainUntilClosedAsync(socket, TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(3.5) && clock.Elapsed < TimeSpan.FromSeconds(15), $"closed after {clock.Elapsed}");
        Assert.Contains("\"type\":6", received, StringComparison.Ordinal); // it was pinged meanwhile
    }

    [Fact]
    public async Task A_client_that_never_completes_the_handshake_is_closed_after_the_handshake_timeout()
    {
        using var socket = await OpenAsync();
        var clock = Stopwatch.StartNew();
        await DrainUntilClosedAsync(socket, TimeSpan.FromSeconds(30));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"closed after {clock.Elapsed}");
    }

    [Fact]
    public async Task Watchers_that_never_read_a_long_history_hold_a_bounded_amount_and_are_dropped()
    {
        // ~30 MB of history as JSON: before paging, each Watch serialized all of it at once for its socket.
        using var http = new HttpClient { BaseAddress = _server.BaseAddress };
        var response = await http.PostAsync("/train", new StringContent("""
            { "dataset": { "x": [0, 1], "y": [0, 1] }, "model": { "type": "mlp", "layers": [{ "linear": 64 }, "tanh", { "linear": 64 }, "tanh", { "linear": 1 }] },
              "loss": "mse", "optimizer": { "type": "sgd" }, "lr": 0.01, "epochs": 600, "init": { "seed": 1 } }
            """, Encoding.UTF8, "application/json"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        while ((await http.GetFromJsonAsync<JsonElement>($"/jobs/{id}")).GetProperty("status").GetString() is "queued" or "running")
        {
            await Task.Delay(50);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stalled = new List<ClientWebSocket>();
        for (var i = 0; i < 10; i++)
        {
            var socket = await OpenAsync();
            await SendAsync(socket, """{"protocol":"json","version":1}""");
            await SendAsync(socket, $$"""{"type":4,"invocationId":"1","target":"Watch","arguments":["{{id}}"]}""");
            stalled.Add(socket);
        }

        await Task.Delay(1500);
        var during = GC.GetTotalMemory(forceFullCollection: true);

        // Each is dropped by the client timeout (4 s without a word from it): what it can still read afterwards is
        // what was buffered when it stopped reading, far less than the history.
        await Task.Delay(5000);
        var drained = await Task.WhenAll(stalled.Select(s => DrainUntilClosedAsync(s, TimeSpan.FromSeconds(30))));
        foreach (var s in stalled)
        {
            s.Dispose();
        }

        Assert.True(during - before < 60_000_000, $"10 stalled watchers grew the heap by {(during - before) / 1_000_000} MB");
        Assert.All(drained, text => Assert.True(text.Length < 10_000_000, $"a stalled watcher was sent {text.Length / 1_000_000} MB before it was dropped"));
    }

    private async Task<ClientWebSocket> OpenAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.SetBuffer(1024, 1024);
        await socket.ConnectAsync(new Uri(_server.BaseAddress, "hubs/training").ToWs(), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads everything until the server closes the socket (the test fails if it has not within <paramref name="limit"/>).</summary>
    private static async Task<string> DrainUntilClosedAsync(ClientWebSocket socket, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var text = new StringBuilder();
        var buffer = new byte[1 << 16];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return text.ToString();
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        catch (WebSocketException)
        {
            return text.ToString(); // aborted rather than closed: dropped all the same
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server did not close the connection within {limit}");
            throw;
        }
    }
}
