using System.ComponentModel.DataAnnotations;

namespace GradientWeb.Server.Hubs;

/// <summary>
/// The hub's transport limits and its scale-out, bound from the <c>SignalR</c> configuration section. Every number
/// bounds what one connection may cost: a client that stops reading or answering is dropped, not buffered for.
/// </summary>
public sealed class FeedOptions
{
    public const string Section = "SignalR";

    /// <summary>
    /// A Redis connection string (StackExchange.Redis syntax, e.g. <c>127.0.0.1:6379</c>): turns on SignalR's Redis
    /// backplane, so a watcher on any node gets the records of a job trained on another. Empty: one node, no backplane.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>How often the server pings an idle connection (the client answers within the client timeout).</summary>
    [Range(1, 3600)]
    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>A connection the server has heard nothing from (not even a ping) for this long is closed.</summary>
    [Range(2, 3600)]
    public int ClientTimeoutSeconds { get; set; } = 30;

    /// <summary>A connection that has not completed SignalR's handshake this long after opening is closed.</summary>
    [Range(1, 300)]
    public int HandshakeTimeoutSeconds { get; set; } = 5;

    /// <summary>The largest message a client may send (its calls are a job id or two).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxReceiveMessageBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// About how many bytes one page of <c>Watch</c>'s snapshot stream holds (at least one record): a job's history of
    /// any length arrives as pages of this size, each sent once the client has taken the one before.
    /// </summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int SnapshotPageBytes { get; set; } = 1024 * 1024;

    /// <summary>How many bytes the server buffers for one connection before a send waits for the client to read.</summary>
    [Range(4 * 1024, 64 * 1024 * 1024)]
    public long TransportBufferBytes { get; set; } = 64 * 1024;

    /// <summary>A send the client has not taken within this long closes its connection (a watcher that stopped reading).</summary>
    [Range(1, 3600)]
    public int SendTimeoutSeconds { get; set; } = 10;

    public bool HasBackplane => !string.IsNullOrWhiteSpace(Redis);
}
