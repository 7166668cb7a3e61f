using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>One piece of text a command wrote, in its colour.</summary>
/// <param name="Text">The text (never empty).</param>
/// <param name="Color">Its colour.</param>
internal readonly record struct OutputFragment(string Text, TextColor Color);
