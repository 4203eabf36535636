using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.TestHost;

namespace GradientWeb.Server.Tests.Hubs;

/// <summary>
/// SignalR's JSON hub protocol spoken over a raw WebSocket: the .NET client package cannot be restored here, and
/// this also pins the wire format the page depends on. Messages end with the record separator 0x1E.
/// </summary>
internal sealed class RawSignalRClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _incoming = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pinger;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _nextInvocation;

    private RawSignalRClient(WebSocket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
        _pinger = Task.Run(PingLoopAsync);
    }

    public static async Task<RawSignalRClient> ConnectAsync(TestServer server)
    {
        var socket = await server.CreateWebSocketClient().ConnectAsync(new Uri(server.BaseAddress, "hubs/training").ToWs(), CancellationToken.None);
        var client = new RawSignalRClient(socket);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.NextAsync();
        Assert.False(handshake.TryGetProperty("error", out _), $"handshake failed: {handshake}");
        return client;
    }

    /// <summary>Over a real socket to a live server.</summary>
    public static async Task<RawSignalRClient> ConnectAsync(Uri baseAddress)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(baseAddress, "hubs/training").ToWs(), CancellationToken.None);
        var client = new RawSignalRClient(socket);
        await client.SendAsync("""{"protocol":"json","version":1}""");
        var handshake = await client.NextAsync();
        Assert.False(handshake.TryGetProperty("error", out _), $"handshake failed: {handshake}");
        return client;
    }

    /// <summary>Sends an invocation; its completion arrives among the other messages (type 3).</summary>
    public async Task<string> InvokeAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return id;
    }

    /// <summary>Starts a server-to-client stream (type 4); its items (type 2) and completion (type 3) arrive among the other messages.</summary>
    public async Task<string> StreamAsync(string target, params object[] arguments)
    {
        var id = Interlocked.Increment(ref _nextInvocation).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 4, invocationId = id, target, arguments }));
        return id;
    }

    /// <summary>The next message that is not a ping.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var message = await _incoming.Reader.ReadAsync(cts.Token);
            if (!message.TryGetProperty("type", out var type) || type.GetInt32() != 6)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinger;
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // Already closed by the server.
        }

        _socket.Abort();
        await _reader;
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
    }

    private async Task SendAsync(string json)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    // As every SignalR client does: a ping every few seconds, so the server knows it is still there (it closes a
    // connection silent for its client timeout).
    private async Task PingLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                await SendAsync("""{"type":6}""");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Disposed, or the server went away.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var pending = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var text = pending.ToString();
                var last = text.LastIndexOf(Separator);
                if (last < 0)
                {
                    continue;
                }

                foreach (var frame in text[..last].Split(Separator))
                {
                    _incoming.Writer.TryWrite(JsonDocument.Parse(frame).RootElement.Clone());
                }

                pending.Clear().Append(text[(last + 1)..]);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
        {
            // The server went away; the test sees no more messages.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }
}

internal static class UriExtensions
{
    public static Uri ToWs(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
}
