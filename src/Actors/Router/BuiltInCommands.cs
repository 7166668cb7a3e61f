namespace ActorRpc.Actors.Router;

/// <summary>The commands every node has; plugins may not take these names.</summary>
public static class BuiltInCommands
{
    /// <summary>Each built-in command with its usage and one line of help.</summary>
    public static IReadOnlyList<(string Name, string Usage, string Help)> All { get; } =
    [
        ("help", "help", "lists the commands"),
        ("version", "version", "shows the ActorRpc version"),
        ("status", "status [Bots]", "shows the state of bots (all by default) and how many are running"),
        ("start", "start <Bots>", "starts bots"),
        ("stop", "stop <Bots>", "stops bots"),
        ("pause", "pause <Bots> [Seconds]", "pauses bots, for ever or for the given seconds"),
        ("resume", "resume <Bots>", "resumes paused bots"),
        ("nodes", "nodes", "lists the nodes of the cluster (this node alone when not clustered) and the bots each hosts"),
        ("plug", "plug", "lists plugins with their commands, RPC methods and script functions"),
        ("load", "load <Plugin>", "loads a plugin from the plugins directory"),
        ("unload", "unload <Plugin>", "unloads a plugin once its calls in flight have finished"),
        ("reload", "reload <Plugin>", "unloads and loads a plugin again"),
        ("restart", "restart", "reloads every plugin and every bot configuration (bots start again as configured)"),
        ("exit", "exit", "stops this node gracefully"),
    ];

    /// <summary>True when <paramref name="name"/> is a built-in command (any case).</summary>
    public static bool IsBuiltIn(string name) => All.Any(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
