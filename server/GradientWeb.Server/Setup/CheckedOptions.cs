using Microsoft.Extensions.Options;

namespace GradientWeb.Server.Setup;

public static class CheckedOptions
{
    /// <summary>
    /// Options bound from their configuration section and checked by their attributes when the app starts, so a bad
    /// value stops the start naming its key rather than failing the first request that reads it.
    /// </summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
