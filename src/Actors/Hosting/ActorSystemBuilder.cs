using ActorRpc.Actors.Kernel;

namespace ActorRpc.Actors.Hosting;

/// <summary>What <see cref="ActorSystemServiceCollectionExtensions.AddActorSystem"/> configures: settings and the actors to start.</summary>
public sealed class ActorSystemBuilder
{
    internal ActorSystemBuilder(string name) => Name = name;

    /// <summary>The system's name.</summary>
    public string Name { get; }

    internal List<Func<ActorSystemSettings, IServiceProvider, ActorSystemSettings>> SettingsChanges { get; } = [];

    internal List<Action<ActorSystem, ActorRegistry, IServiceProvider>> Starters { get; } = [];

    /// <summary>Changes the settings (the logger factory and time provider come from the container unless changed here).</summary>
    public ActorSystemBuilder WithSettings(Func<ActorSystemSettings, IServiceProvider, ActorSystemSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        SettingsChanges.Add(change);
        return this;
    }

    /// <summary>Runs <paramref name="starter"/> when the host starts, in registration order: create actors, register them.</summary>
    public ActorSystemBuilder WithActors(Action<ActorSystem, ActorRegistry, IServiceProvider> starter)
    {
        ArgumentNullException.ThrowIfNull(starter);
        Starters.Add(starter);
        return this;
    }

    /// <summary>Creates one top-level actor when the host starts and registers it under <typeparamref name="TKey"/>.</summary>
    public ActorSystemBuilder WithActor<TKey>(string name, Func<IServiceProvider, Props> props)
    {
        ArgumentNullException.ThrowIfNull(props);
        return WithActors((system, registry, services) => registry.Register<TKey>(system.ActorOf(props(services), name)));
    }
}
