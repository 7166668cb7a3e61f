using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Requests that are broken below the JSON level (text that is no text, a broken chunked body) get 400 with the usual body, and a NUL in the URL Kestrel's bare 400: never a 5xx.</summary>
public sealed class MalformedRequestSpec(ITestOutputHelper output)
{
    /// <summary>Every endpoint that reads a JSON body, with a body whose <c>@</c> is where a string value goes.</summary>
    private static readonly (string Path, string Body)[] s_bodyEndpoints =
    [
        ("/Api/Command", """{"Command":"@"}"""),
        ("/Api/WWW/Command", """{"Command":"@"}"""),
        ("/Api/Bot/gamma", """{"BotConfig":{"Enabled":true,"Note":"@"}}"""),
        ("/Api/Bot/alpha/Pause", """{"Permanent":"@"}"""),
        ("/Api/Plugins/sample/echo", """{"value":"@"}"""),
    ];

    /// <summary>Strings with no text: raw bytes that are not UTF-8, and an escaped lone surrogate.</summary>
    private static readonly (string Name, byte[] Bytes)[] s_badStrings =
    [
        ("invalid UTF-8", [(byte)'a', 0xFF, 0xC0, (byte)'b']),
        ("lone surrogate escape", "a\\ud800b"u8.ToArray()),
    ];

    public static TheoryData<string, string, string, bool> BadBodies()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (path, body) in s_bodyEndpoints)
        {
            foreach (var (name, _) in s_badStrings)
            {
                data.Add(path, body, name, false);
                data.Add(path, body, name, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_JSON_string_or_property_name_without_valid_text_is_400_with_a_reason(string path, string body, string badString, bool inName)
    {
        await using var host = await GatewayTestHost.StartAsync(output: output, botFiles: new Dictionary<string, string> { ["alpha"] = """{"Enabled":true}""" });
        var bad = s_badStrings.Single(s => s.Name == badString).Bytes;
        var json = inName ? Splice("""{"@":true}""", bad) : Splice(body, bad);
        using var content = new ByteArrayContent(json);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        var response = await host.Client.PostAsync(path, content);
        var reply = new ApiReply(response, await response.Content.ReadAsStringAsync()).Is(HttpStatusCode.BadRequest);

        Assert.Contains("not valid JSON text", reply.Message);
        Assert.Contains(inName ? "a property name" : "a string", reply.Message);
        Assert.Contains(badString == "invalid UTF-8" ? "not valid UTF-8" : "lone UTF-16 surrogate", reply.Message);
        Assert.DoesNotContain(host.History.Lines, line => line.Contains("|ERROR|", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/Api/Command", "FFFFFFFFFFFFFFFFFFFF\r\n", "Bad chunk size data.")]
    [InlineData("/Api/WWW/Command", "FFFFFFFFFFFFFFFFFFFF\r\n", "Bad chunk size data.")]
    [InlineData("/Api/Bot/alpha", "FFFFFFFFFFFFFFFFFFFF\r\n", "Bad chunk size data.")]
    [InlineData("/Api/Plugins/sample/echo", "FFFFFFFFFFFFFFFFFFFF\r\n", "Bad chunk size data.")]
    [InlineData("/Api/Command", "zz\r\n", "Bad chunk size data.")]
    [InlineData("/Api/Command", "2\r\n{}XX", "Bad chunk suffix.")]
    public async Task A_chunked_body_Kestrel_cannot_read_is_400_with_the_usual_body_on_real_Kestrel(string path, string chunks, string reason)
    {
        await using var node = await KestrelNode.StartAsync(output);

        var answer = await RawAsync(node,
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}");

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("application/json; charset=utf-8", answer);
        Assert.Contains(reason, answer);
        Assert.Contains("\"Success\":false", answer);
        Assert.DoesNotContain(node.History.Lines, line => line.Contains("|ERROR|", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POST", "/Api/Bot/a%00b")]
    [InlineData("GET", "/Api/Bot/a%00b")]
    [InlineData("DELETE", "/Api/Bot/%00")]
    [InlineData("POST", "/Api/Bot/alpha%00/Start")]
    [InlineData("GET", "/Api/Command/status%00")]
    public async Task A_NUL_in_the_URL_is_refused_by_Kestrel_with_400_nothing_is_created_and_the_node_serves_on(string method, string url)
    {
        await using var node = await KestrelNode.StartAsync(output);

        var reply = await node.SendAsync(new HttpMethod(method), url, method == "POST" ? """{"BotConfig":{"Enabled":true}}""" : null);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Response.StatusCode);
        Assert.Empty(Directory.GetFiles(node.BotsDir));
        (await node.SendAsync(HttpMethod.Get, "/Api/Command/version")).Is(HttpStatusCode.OK);
    }

    /// <summary><paramref name="template"/> as UTF-8 with its one <c>@</c> replaced by <paramref name="bytes"/>.</summary>
    private static byte[] Splice(string template, byte[] bytes)
    {
        var at = template.IndexOf('@', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bytes, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }

    /// <summary>Sends <paramref name="request"/> as it is over a new connection and reads the answer until the server closes it.</summary>
    private static Task<string> RawAsync(KestrelNode node, string request) => RawAsync(node, int.MaxValue, request);

    /// <summary>The same, written <paramref name="bytesPerWrite"/> bytes at a time (lines and bodies then arrive in pieces).</summary>
    private static async Task<string> RawAsync(KestrelNode node, int bytesPerWrite, string request)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, node.Server.Address!.Port);
        var stream = client.GetStream();
        foreach (var piece in Encoding.ASCII.GetBytes(request).Chunk(bytesPerWrite))
        {
            await stream.WriteAsync(piece);
            await stream.FlushAsync();
        }
        using var answer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(answer, timeout.Token);
        return Encoding.UTF8.GetString(answer.ToArray());
    }
}
