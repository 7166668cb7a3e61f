namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>ASF's answer to <c>GET /Api/NLog/File</c>.</summary>
/// <param name="Content">The lines asked for, oldest first.</param>
/// <param name="TotalLines">How many lines there are in all (here: in the node's in-memory history).</param>
internal sealed record LogFileResponse(IReadOnlyList<string> Content, int TotalLines);
