namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>ASF's answer to <c>GET /Api/WWW/GitHub/Release[/…]</c>: here, the ActorRpc release this node runs.</summary>
/// <param name="ChangelogHTML">What changed (HTML).</param>
/// <param name="ReleasedAt">When it was built.</param>
/// <param name="Stable">Whether it is a stable release.</param>
/// <param name="Version">Its version.</param>
internal sealed record ReleaseResponse(string ChangelogHTML, DateTimeOffset ReleasedAt, bool Stable, string Version);
