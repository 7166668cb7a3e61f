namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>Path segments as the endpoints use them.</summary>
internal static class RouteValues
{
    /// <summary>
    /// A route value with <c>%2F</c> decoded: servers decode every escape of the path except the slash (so that it
    /// cannot split segments), and a client that encoded a slash inside a segment meant a slash.
    /// </summary>
    public static string Segment(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
