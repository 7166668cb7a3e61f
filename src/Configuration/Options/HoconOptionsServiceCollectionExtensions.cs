using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ActorRpc.Configuration.Options;

/// <summary>Registers an options class bound from the container's <see cref="IConfiguration"/> and checked by its validator when the host starts.</summary>
public static class HoconOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TOptions"/>: created with the built-in defaults, bound from the container's
    /// <see cref="IConfiguration"/> by its <see cref="HoconKeyAttribute"/>s (<see cref="HoconOptions.Bind"/>), validated by
    /// <typeparamref name="TValidator"/> at start (<c>ValidateOnStart</c>).
    /// </summary>
    public static OptionsBuilder<TOptions> AddHoconOptions<TOptions, TValidator>(this IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>()
            .Configure<IConfiguration>(static (options, configuration) => HoconOptions.Bind(options, configuration))
            .ValidateOnStart();
    }
}
