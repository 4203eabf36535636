using GradientWeb.Server.Setup;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GradientWeb.Server.Hubs;

/// <summary>SignalR for the training hub: its limits and timeouts from <see cref="FeedOptions"/>, and the Redis backplane when one is configured.</summary>
public static class FeedSetup
{
    public static IServiceCollection AddTrainingFeed(this IServiceCollection services)
    {
        services.AddCheckedOptions<FeedOptions>(FeedOptions.Section)
            .Validate(o => o.ClientTimeoutSeconds >= 2 * o.KeepAliveSeconds, "SignalR:ClientTimeoutSeconds must be at least twice SignalR:KeepAliveSeconds (the client pings at about half its own timeout).");

        services.AddSingleton<LocalWatchers>();
        services.AddHostedService<RemoteJobEnds>();
        services.AddSignalR().AddJsonProtocol(o => JsonDefaults.Apply(o.PayloadSerializerOptions));
        services.AddOptions<HubOptions>().Configure<IOptions<FeedOptions>>((hub, feed) =>
        {
            var o = feed.Value;
            hub.KeepAliveInterval = TimeSpan.FromSeconds(o.KeepAliveSeconds);
            hub.ClientTimeoutInterval = TimeSpan.FromSeconds(o.ClientTimeoutSeconds);
            hub.HandshakeTimeout = TimeSpan.FromSeconds(o.HandshakeTimeoutSeconds);
            hub.MaximumReceiveMessageSize = o.MaxReceiveMessageBytes;
            hub.MaximumParallelInvocationsPerClient = 1;
            hub.StreamBufferCapacity = 4;
        });

        // The backplane is chosen at start from configuration: with SignalR:Redis set, group sends go through Redis
        // to every node's connections; without, they stay in this process.
        services.AddOptions<RedisOptions>().Configure<IOptions<FeedOptions>>((redis, feed) =>
        {
            if (feed.Value.HasBackplane)
            {
                redis.Configuration = ConfigurationOptions.Parse(feed.Value.Redis);
                redis.Configuration.AbortOnConnectFail = false; // start anyway and reconnect: Redis may come up later
                redis.Configuration.ChannelPrefix = RedisChannel.Literal("gradientweb");
            }
        });
        services.AddSingleton<HubLifetimeManager<TrainingHub>>(sp =>
            sp.GetRequiredService<IOptions<FeedOptions>>().Value.HasBackplane
                ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<TrainingHub>>(sp)
                : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<TrainingHub>>(sp));
        return services;
    }

    /// <summary>
    /// <c>/hubs/training</c> (what <c>MapHub</c> maps), with each connection's buffers bounded, a send the client does
    /// not take within the send timeout closing it, and a client silent for the client timeout closed.
    /// </summary>
    public static IEndpointConventionBuilder MapTrainingHub(this IEndpointRouteBuilder app)
    {
        var o = app.ServiceProvider.GetRequiredService<IOptions<FeedOptions>>().Value;
        var time = app.ServiceProvider.GetRequiredService<TimeProvider>();
        var http = new Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions
        {
            TransportMaxBufferSize = o.TransportBufferBytes,
            ApplicationMaxBufferSize = o.TransportBufferBytes,
            TransportSendTimeout = TimeSpan.FromSeconds(o.SendTimeoutSeconds),
        };
        return app.MapConnections("/hubs/training", http, c => c.UseSilentClientTimeout(TimeSpan.FromSeconds(o.ClientTimeoutSeconds), time).UseHub<TrainingHub>())
            .WithMetadata(new HubMetadata(typeof(TrainingHub)));
    }
}
