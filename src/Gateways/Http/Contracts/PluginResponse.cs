namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>A loaded plugin as <c>GET /Api/Plugins</c> lists it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Version">Its version.</param>
/// <param name="BuiltIn">True when compiled into the node.</param>
/// <param name="Commands">Its commands.</param>
/// <param name="Methods">Its RPC methods.</param>
/// <param name="ScriptFunctions">Its script functions (TCP RunLua).</param>
/// <param name="Behaviors">What Running bots do for it.</param>
internal sealed record PluginResponse(
    string Name,
    string Version,
    bool BuiltIn,
    IReadOnlyList<PluginCommandResponse> Commands,
    IReadOnlyList<PluginMethodResponse> Methods,
    IReadOnlyList<ScriptFunctionResponse> ScriptFunctions,
    IReadOnlyList<BehaviorResponse> Behaviors);

/// <summary>A plugin command.</summary>
/// <param name="Name">The command word.</param>
/// <param name="Help">Its help line.</param>
internal sealed record PluginCommandResponse(string Name, string Help);

/// <summary>A plugin's RPC method.</summary>
/// <param name="Name">The method name.</param>
/// <param name="FullName"><c>plugin::method</c>.</param>
/// <param name="InputType">The input message's full protobuf name.</param>
/// <param name="OutputType">The output message's full protobuf name.</param>
/// <param name="Serial">True when calls run one at a time.</param>
/// <param name="Url">Where to POST a call.</param>
internal sealed record PluginMethodResponse(string Name, string FullName, string InputType, string OutputType, bool Serial, string Url);

/// <summary>A plugin's script function.</summary>
/// <param name="Module">Its module.</param>
/// <param name="Function">Its name.</param>
internal sealed record ScriptFunctionResponse(string Module, string Function);

/// <summary>A plugin's bot behaviour.</summary>
/// <param name="Name">Its name.</param>
/// <param name="IntervalSeconds">How often a Running bot performs it.</param>
internal sealed record BehaviorResponse(string Name, double IntervalSeconds);
