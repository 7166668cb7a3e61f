namespace ActorRpc.Actors.Router;

/// <summary>One built-in command: its name, usage and help line, and whether it changes bots, plugins or the node.</summary>
/// <param name="Name">The command word.</param>
/// <param name="Usage">How it is typed.</param>
/// <param name="Help">One line of help.</param>
/// <param name="Changes">True when it changes state: it then waits while another session holds the core suspended.</param>
public sealed record BuiltInCommand(string Name, string Usage, string Help, bool Changes);

/// <summary>The commands every node has (the one place a built-in command is declared); plugins may not take these names.</summary>
public static class BuiltInCommands
{
    /// <summary>Each built-in command, in help order.</summary>
    public static IReadOnlyList<BuiltInCommand> All { get; } =
    [
        new("help", "help", "lists the commands", Changes: false),
        new("version", "version", "shows the ActorRpc version", Changes: false),
        new("status", "status [Bots]", "shows the state of bots (all by default) and how many are running", Changes: false),
        new("start", "start <Bots>", "starts bots", Changes: true),
        new("stop", "stop <Bots>", "stops bots", Changes: true),
        new("pause", "pause <Bots> [Seconds]", "pauses bots, for ever or for the given seconds", Changes: true),
        new("resume", "resume <Bots>", "resumes paused bots", Changes: true),
        new("nodes", "nodes", "lists the nodes of the cluster (this node alone when not clustered) and the bots each hosts", Changes: false),
        new("plug", "plug", "lists plugins with their commands, RPC methods and script functions", Changes: false),
        new("load", "load <Plugin>", "loads a plugin from the plugins directory", Changes: true),
        new("unload", "unload <Plugin>", "unloads a plugin once its calls in flight have finished", Changes: true),
        new("reload", "reload <Plugin>", "unloads and loads a plugin again", Changes: true),
        new("restart", "restart", "reloads every plugin and every bot configuration (bots start again as configured)", Changes: true),
        new("exit", "exit", "stops this node gracefully", Changes: true),
    ];

    /// <summary>The commands by name, any case.</summary>
    private static readonly Dictionary<string, BuiltInCommand> s_byName = All.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> is a built-in command (any case).</summary>
    public static bool IsBuiltIn(string name) => s_byName.ContainsKey(name);

    /// <summary>The built-in command named <paramref name="name"/> (any case), or null.</summary>
    public static BuiltInCommand? Find(string name) => s_byName.GetValueOrDefault(name);
}
