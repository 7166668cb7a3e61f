using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ActorRpc.Gateways.Http.Security;

/// <summary>The headers every page of the gateway carries (the web console, <c>/swagger</c>): its policy, no sniffing, no frames, no referrer.</summary>
internal static class PageHeaders
{
    /// <summary>What any page's policy ends with: never in a frame, no base URL, no form posts.</summary>
    public const string Confinement = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Sets the page headers with <paramref name="contentSecurityPolicy"/>.</summary>
    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>A CSP source that allows exactly the inline element whose text is <paramref name="content"/> (<c>'sha256-…'</c>).</summary>
    public static string HashSource(string content) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";
}
