using System.Text.Json;
using System.Text.Json.Serialization;

namespace GradientWeb.Server.Setup;

/// <summary>One JSON dialect for HTTP and SignalR alike.</summary>
public static class JsonDefaults
{
    /// <summary>The dialect as one shared instance, for what is serialized outside a request (stored JSON, the echo).</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Apply(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// camelCase, enums as camelCase strings, unknown request fields refused (a typo must not silently become a
    /// default), nesting capped. JSON has no NaN or ∞, so a non-finite float32 (a diverged loss) is written as the
    /// strings "NaN", "Infinity" and "-Infinity", which JavaScript's Number() reads back.
    /// </summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
        options.AllowDuplicateProperties = false; // {"lr": 1, "lr": 0.1} is a mistake, not "the last one wins"
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
