namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>One <c>/Api/Log</c> WebSocket frame: <c>{"Result":"&lt;line&gt;","Message":"OK","Success":true}</c> (the spec's order).</summary>
/// <param name="Result">The log line.</param>
/// <param name="Message">Always <c>OK</c>.</param>
/// <param name="Success">Always true.</param>
internal sealed record LogFrame(string Result, string Message = "OK", bool Success = true);
