using ActorRpc.Actors.Kernel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Hosting;

/// <summary>Registers an actor system with <c>Microsoft.Extensions.Hosting</c>.</summary>
public static class ActorSystemServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="ActorSystem"/> named <paramref name="name"/> that starts with the host
    /// (running the builder's starters) and terminates when the host stops; an <see cref="ActorRegistry"/>;
    /// and <see cref="IRequiredActor{TKey}"/> for services that need a registered actor.
    /// </summary>
    public static IServiceCollection AddActorSystem(this IServiceCollection services, string name, Action<ActorSystemBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new ActorSystemBuilder(name);
        configure?.Invoke(builder);

        services.AddSingleton(builder);
        services.AddSingleton<ActorRegistry>();
        services.AddSingleton(provider =>
        {
            var settings = ActorSystemSettings.Default with
            {
                LoggerFactory = provider.GetService<ILoggerFactory>() ?? ActorSystemSettings.Default.LoggerFactory,
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            foreach (var change in builder.SettingsChanges)
            {
                settings = change(settings, provider);
            }
            return ActorSystem.Create(name, settings);
        });
        services.TryAddSingleton(typeof(IRequiredActor<>), typeof(RequiredActor<>));
        // Inserted first so the system is up before hosted services that need its actors start.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ActorSystemHostedService>());
        return services;
    }

    /// <summary>Props that build <typeparamref name="TActor"/> from the container, with <paramref name="arguments"/> for parameters it cannot supply.</summary>
    public static Props PropsFor<TActor>(this IServiceProvider services, params object[] arguments)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(services);
        return Props.Create(() => ActivatorUtilities.CreateInstance<TActor>(services, arguments));
    }
}
