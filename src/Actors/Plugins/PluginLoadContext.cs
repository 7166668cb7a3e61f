using System.Reflection;
using System.Runtime.Loader;

namespace ActorRpc.Actors.Plugins;

/// <summary>
/// A collectible load context for one plugin assembly: its private dependencies resolve from its folder;
/// the SDK, protobuf and framework resolve from the node, so types are shared and the plugin can be unloaded.
/// </summary>
internal sealed class PluginLoadContext(string assemblyPath) : AssemblyLoadContext($"plugin:{Path.GetFileNameWithoutExtension(assemblyPath)}", isCollectible: true)
{
    /// <summary>Resolves the plugin's own dependencies from its deps.json / folder.</summary>
    private readonly AssemblyDependencyResolver _resolver = new(assemblyPath);

    /// <summary>Assemblies whose types the node and plugins exchange: always the node's copy.</summary>
    private static readonly HashSet<string> s_shared = new(StringComparer.OrdinalIgnoreCase)
    {
        "ActorRpc.PluginSdk", "ActorRpc.Protocol", "ActorRpc.Messages", "Google.Protobuf",
    };

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Shared contracts, and anything the node has already loaded, come from the node, or types would not match.
        if (s_shared.Contains(assemblyName.Name ?? string.Empty) ||
            Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName)))
        {
            return null;
        }
        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
