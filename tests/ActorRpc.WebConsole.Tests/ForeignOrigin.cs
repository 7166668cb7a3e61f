using System.Net;
using System.Text;

namespace ActorRpc.WebConsole.Tests;

/// <summary>
/// A web site of another origin than the node's (a second loopback port, so its requests are "same-site" to the browser, not
/// "same-origin"): it serves one page, whatever the path, as any site open in the operator's browser could.
/// </summary>
internal sealed class ForeignOrigin : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _page;
    private readonly Task _serving;

    public ForeignOrigin(string html)
    {
        _page = Encoding.UTF8.GetBytes(html);
        var port = FreePorts.Next();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>The site's address, e.g. <c>http://127.0.0.1:40124/</c>.</summary>
    public Uri Url { get; }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped by Dispose.
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = _page.Length;
            await context.Response.OutputStream.WriteAsync(_page);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
