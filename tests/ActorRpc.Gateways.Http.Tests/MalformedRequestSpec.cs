using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>Requests that are broken below the JSON level (text that is no text, a broken chunked body, a NUL in the URL) get 400 with the usual body, never a 5xx.</summary>
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
    public async Task A_NUL_in_the_URL_is_400_with_the_usual_body_on_real_Kestrel(string method, string url)
    {
        await using var node = await KestrelNode.StartAsync(output);

        var reply = (await node.SendAsync(new HttpMethod(method), url, method == "POST" ? """{"BotConfig":{"Enabled":true}}""" : null)).Is(HttpStatusCode.BadRequest);

        Assert.Contains("NUL character (%00)", reply.Message);
        Assert.Empty(Directory.GetFiles(node.BotsDir));
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Requests_around_one_with_a_NUL_path_on_the_same_connection_are_served_as_usual(int bytesPerWrite)
    {
        await using var node = await KestrelNode.StartAsync(output);
        const string Json = "application/json";

        var answer = await RawAsync(node, bytesPerWrite,
            $"POST /Api/Command HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {Json}\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "6\r\n{\"Comm\r\n" + "F;ext=1\r\nand\":\"version\"}\r\n0\r\n\r\n" +
            $"POST /Api/Bot/a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {Json}\r\nContent-Length: 30\r\n\r\n" + "{\"BotConfig\":{\"Enabled\":true}}" +
            "GET /Api/ASF?x=%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
            "GET /Api/Command/version HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        var statuses = System.Text.RegularExpressions.Regex.Matches(answer, @"^HTTP/1\.1 (\d{3}) ", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value);
        Assert.Equal(["200", "400", "200", "200"], statuses);
        Assert.Contains("NUL character (%00)", answer);
        Assert.Empty(Directory.GetFiles(node.BotsDir));
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
