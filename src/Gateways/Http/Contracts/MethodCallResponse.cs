using System.Text.Json;

namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>The result of <c>POST /Api/Plugins/{plugin}/{method}</c>.</summary>
/// <param name="Method"><c>plugin::method</c>.</param>
/// <param name="ResultCode">DFHack's name of the result code (<c>CR_OK</c>, <c>CR_FAILURE</c>, ...).</param>
/// <param name="Output">The output message in the protobuf JSON mapping; null unless CR_OK.</param>
/// <param name="Text">The text the method streamed while it ran.</param>
internal sealed record MethodCallResponse(string Method, string ResultCode, JsonElement? Output, string Text);
