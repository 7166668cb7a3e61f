namespace ActorRpc.PluginSdk;

/// <summary>
/// A plugin: a public class with a parameterless constructor in a plugin assembly (or compiled into the
/// node). The host calls <see cref="Register"/> once per load; everything registered there goes away on unload.
/// </summary>
public interface IPlugin
{
    /// <summary>The plugin's name: the <c>plugin</c> of <c>plugin::method</c>, and what <c>load</c>/<c>unload</c> take.</summary>
    string Name { get; }

    /// <summary>A version shown by <c>plug</c>.</summary>
    string Version => "1.0.0";

    /// <summary>Registers the plugin's commands, RPC methods, script functions and bot behaviours.</summary>
    void Register(IPluginRegistry registry);
}
