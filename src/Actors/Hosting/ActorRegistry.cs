using System.Collections.Concurrent;
using ActorRpc.Actors.Kernel;

namespace ActorRpc.Actors.Hosting;

/// <summary>
/// Named top-level actors that other services require, keyed by a type (usually the actor's class or a
/// marker type). Filled while the system starts; <see cref="GetAsync{TKey}"/> waits for a late entry.
/// </summary>
public sealed class ActorRegistry
{
    /// <summary>Entries, each a task so that waiters and registrations meet without a lock.</summary>
    private readonly ConcurrentDictionary<Type, TaskCompletionSource<IActorRef>> _entries = new();

    /// <summary>Registers <paramref name="actor"/> under <typeparamref name="TKey"/>.</summary>
    /// <exception cref="InvalidOperationException">The key already has an actor.</exception>
    public void Register<TKey>(IActorRef actor)
    {
        if (!TryRegister<TKey>(actor))
        {
            throw new InvalidOperationException($"An actor is already registered under {typeof(TKey).Name}.");
        }
    }

    /// <summary>Registers <paramref name="actor"/> under <typeparamref name="TKey"/> unless the key is taken.</summary>
    public bool TryRegister<TKey>(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Entry(typeof(TKey)).TrySetResult(actor);
    }

    /// <summary>The actor registered under <typeparamref name="TKey"/>.</summary>
    /// <exception cref="MissingActorRegistryEntryException">Nothing is registered under the key.</exception>
    public IActorRef Get<TKey>() =>
        TryGet<TKey>(out var actor) ? actor : throw new MissingActorRegistryEntryException(typeof(TKey));

    /// <summary>The actor registered under <typeparamref name="TKey"/>, if any.</summary>
    public bool TryGet<TKey>(out IActorRef actor)
    {
        if (_entries.TryGetValue(typeof(TKey), out var entry) && entry.Task.IsCompletedSuccessfully)
        {
            actor = entry.Task.Result;
            return true;
        }
        actor = ActorRefs.Nobody;
        return false;
    }

    /// <summary>The actor registered under <typeparamref name="TKey"/>, waiting until it is.</summary>
    public Task<IActorRef> GetAsync<TKey>(CancellationToken cancellationToken = default) =>
        Entry(typeof(TKey)).Task.WaitAsync(cancellationToken);

    private TaskCompletionSource<IActorRef> Entry(Type key) =>
        _entries.GetOrAdd(key, static _ => new TaskCompletionSource<IActorRef>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A service required an actor that was never registered.</summary>
public sealed class MissingActorRegistryEntryException(Type key)
    : Exception($"No actor is registered under {key.Name}; register it in AddActorSystem(…).WithActors(…).")
{
    /// <summary>The key that was asked for.</summary>
    public Type Key { get; } = key;
}
