using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace GradientWeb.Server.Hubs;

/// <summary>
/// Closes a hub connection the client has sent nothing on (no call, no ping) for the client timeout. SignalR's own
/// <c>ClientTimeoutInterval</c> did not close a WebSocket client that completed the handshake and went silent
/// (measured: still open after 20 s with a 4 s timeout), so this connection middleware watches the bytes coming in.
/// </summary>
public static class SilentClientTimeout
{
    public static IConnectionBuilder UseSilentClientTimeout(this IConnectionBuilder builder, TimeSpan timeout, TimeProvider time) =>
        builder.Use(next => async connection =>
        {
            var input = new WatchedReader(connection.Transport.Input, time);
            connection.Transport = new Pipe(input, connection.Transport.Output);
            using var watching = new CancellationTokenSource();
            var watchdog = WatchAsync(connection, input, timeout, time, watching.Token);
            try
            {
                await next(connection);
            }
            finally
            {
                await watching.CancelAsync();
                await watchdog;
            }
        });

    private static async Task WatchAsync(ConnectionContext connection, WatchedReader input, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (time.GetUtcNow() - input.LastData > timeout)
                {
                    connection.Abort(new ConnectionAbortedException($"The client sent nothing (not even a ping) for {timeout.TotalSeconds:0} s."));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>The transport's reader, noting when bytes last arrived.</summary>
    private sealed class WatchedReader(PipeReader inner, TimeProvider time) : PipeReader
    {
        private long _lastData = time.GetUtcNow().UtcTicks;

        public DateTimeOffset LastData => new(Interlocked.Read(ref _lastData), TimeSpan.Zero);

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => Note(await inner.ReadAsync(cancellationToken));

        public override bool TryRead(out ReadResult result)
        {
            var read = inner.TryRead(out result);
            if (read)
            {
                Note(result);
            }

            return read;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        // A read returns bytes only when new ones came (the hub examines all it was given before reading again).
        private ReadResult Note(ReadResult result)
        {
            if (!result.Buffer.IsEmpty)
            {
                Interlocked.Exchange(ref _lastData, time.GetUtcNow().UtcTicks);
            }

            return result;
        }
    }
}
