using ActorRpc.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorRpc.Actors.Tests;

public sealed class HostingSpec
{
    [Fact]
    public async Task The_system_starts_with_the_host_and_required_actors_resolve_from_the_registry()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<Greeting>(new Greeting("hello"));
        builder.Services.AddActorSystem("hosted", system => system
            .WithActor<GreeterKey>("greeter", services => services.PropsFor<Greeter>()));
        builder.Services.AddSingleton<GreeterClient>();
        using var host = builder.Build();

        await host.StartAsync();
        var client = host.Services.GetRequiredService<GreeterClient>();
        var reply = await client.Greeter.ActorRef.Ask<string>("world", TimeSpan.FromSeconds(3));

        Assert.Equal("hello world", reply);
        Assert.Equal("/user/greeter", client.Greeter.ActorRef.Path.ToStringWithoutAddress());
        await host.StopAsync();
        Assert.True(host.Services.GetRequiredService<ActorSystem>().WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_missing_registry_entry_names_the_key()
    {
        var registry = new ActorRegistry();

        var error = Assert.Throws<MissingActorRegistryEntryException>(() => registry.Get<GreeterKey>());

        Assert.Contains(nameof(GreeterKey), error.Message);
    }

    [Fact]
    public async Task GetAsync_waits_for_a_late_registration_and_a_key_cannot_be_taken_twice()
    {
        var registry = new ActorRegistry();
        var waiting = registry.GetAsync<GreeterKey>();
        Assert.False(waiting.IsCompleted);

        registry.Register<GreeterKey>(ActorRefs.Nobody);

        Assert.Same(ActorRefs.Nobody, await waiting);
        Assert.Throws<InvalidOperationException>(() => registry.Register<GreeterKey>(ActorRefs.Nobody));
    }

    [Fact]
    public async Task A_system_that_terminates_on_its_own_stops_the_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddActorSystem("selfstopping");
        using var host = builder.Build();
        await host.StartAsync();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        _ = host.Services.GetRequiredService<ActorSystem>().Terminate();

        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default)
            .WaitAsync(TestKitTimeouts.DefaultExpect);
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync();
    }

    private sealed record Greeting(string Word);

    private sealed class GreeterKey;

    private sealed class Greeter : ReceiveActor
    {
        public Greeter(Greeting greeting) => Receive<string>(name => Sender.Tell($"{greeting.Word} {name}"));
    }

    private sealed class GreeterClient(IRequiredActor<GreeterKey> greeter)
    {
        public IRequiredActor<GreeterKey> Greeter { get; } = greeter;
    }
}
