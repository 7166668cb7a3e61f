using ActorRpc.Actors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Node;

/// <summary>Builds and runs a node: the actor system under the generic host, stopped gracefully on Ctrl+C or SIGTERM.</summary>
public static class NodeProgram
{
    /// <summary>The configuration key of the node's name (also the actor system's name).</summary>
    public const string NodeNameKey = "actorrpc:node:name";

    /// <summary>Runs the node until it is told to stop; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = "ActorRpc",
        });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--node-name"] = NodeNameKey,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });

        var nodeName = builder.Configuration[NodeNameKey] ?? "node1";
        builder.Services.AddActorSystem(nodeName);
        builder.Services.AddHostedService<NodeLifecycleLog>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(15));

        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
