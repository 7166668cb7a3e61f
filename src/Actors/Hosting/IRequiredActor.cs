using ActorRpc.Actors.Kernel;

namespace ActorRpc.Actors.Hosting;

/// <summary>An actor a service depends on, injected by key (register it with <see cref="ActorRegistry"/>).</summary>
/// <typeparam name="TKey">The registry key.</typeparam>
public interface IRequiredActor<TKey>
{
    /// <summary>The actor; throws if it is not registered yet (use <see cref="GetAsync"/> during start-up).</summary>
    IActorRef ActorRef { get; }

    /// <summary>The actor, waiting until it is registered.</summary>
    Task<IActorRef> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>Reads the registry on every access, so a service built before the actor exists still finds it.</summary>
internal sealed class RequiredActor<TKey>(ActorRegistry registry) : IRequiredActor<TKey>
{
    public IActorRef ActorRef => registry.Get<TKey>();

    public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => registry.GetAsync<TKey>(cancellationToken);
}
