using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>
/// Tells requests a browser sends for a page of another origin: its <c>Origin</c> is not the origin the request came to
/// (scheme, <c>Host</c> and port), or its <c>Sec-Fetch-Site</c> says <c>cross-site</c> or <c>same-site</c> (an image or a
/// navigation carries no <c>Origin</c>, but Chromium and Firefox send that header). Clients that are no browser send
/// neither and are never taken for one.
/// </summary>
internal static class CrossSiteRequests
{
    /// <summary>The fetch metadata header.</summary>
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    /// <summary>Where the request comes from when a browser sent it for another origin's page (for the refusal's message); null otherwise.</summary>
    public static string? ForeignSource(HttpRequest request)
    {
        var site = request.Headers[FetchSiteHeader].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"a page of another origin ({FetchSiteHeader}: {site})";
        }
        var origin = request.Headers[HeaderNames.Origin].ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request) ? null : $"a page of {origin}";
    }

    /// <summary>True when <paramref name="origin"/> is scheme://host:port of the request itself (<c>null</c>, a sandboxed page's origin, is not).</summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own)
        && Uri.Compare(from, own, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
}
