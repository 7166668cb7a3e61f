using ActorRpc.Actors.Hosting;
using Akka.Actor;
using ActorRpc.Actors.Router;
using ActorRpc.Cluster;
using ActorRpc.Cluster.Hosting;
using ActorRpc.Plugins.Sample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Builds and runs a node: configuration, the actor system and the core under the generic host, stopped gracefully on Ctrl+C or SIGTERM.</summary>
public static class NodeProgram
{
    /// <summary>Exit code for a bad command line or configuration.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Runs the node until it is told to stop; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (NodeConfiguration.Informational(args) is { } text)
        {
            await Console.Out.WriteAsync(text).ConfigureAwait(false);
            return 0;
        }
        IConfiguration configuration;
        NodeOptions options;
        try
        {
            (configuration, options) = NodeConfiguration.Build(args, Environment.GetEnvironmentVariables());
        }
        catch (NodeConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"ActorRpc: configuration error: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "ActorRpc" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        // Every log line written while a request's activity is current carries its trace id: one grep follows a request.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (options.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(console =>
            {
                console.IncludeScopes = true;
                console.UseUtcTimestamp = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.IncludeScopes = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
            });
        }
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<NodeLifetime>();
        builder.Services.AddSingleton<INodeLifetime>(services => services.GetRequiredService<NodeLifetime>());
        builder.Services.AddActorRpcCore(options.NodeName, _ => options.Core, [new SamplePlugin()], options.AkkaHocon);
        if (options.Cluster is { } cluster)
        {
            // Registered before the gateways: joined before they open, left after they close.
            builder.Services.AddActorRpcCluster(cluster);
        }
        try
        {
            builder.Services.AddGateways(options);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"ActorRpc: configuration error: {ex.Message}").ConfigureAwait(false);
            return ConfigurationError;
        }
        builder.Services.AddHostedService<NodeLifecycleLog>();
        NodeTelemetry.AddOtlpExport(builder.Services, builder.Configuration, options, Environment.GetEnvironmentVariables());

        using var host = builder.Build();
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM before the host started its services: a request to stop, handled below like any stop.
        }
        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}

/// <summary>Lets the <c>exit</c> command stop the host, a moment after its reply has gone out.</summary>
internal sealed class NodeLifetime(IHostApplicationLifetime lifetime, ActorSystem system) : INodeLifetime
{
    public void RequestExit() => system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(200), lifetime.StopApplication);
}
