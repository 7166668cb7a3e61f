using System.Net;
using System.Text.Json;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>A response of the gateway: status, headers, and the envelope's fields.</summary>
public sealed class ApiReply(HttpResponseMessage response, string body)
{
    public HttpResponseMessage Response { get; } = response;

    public HttpStatusCode Status => Response.StatusCode;

    public string Body { get; } = body;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Message => Json.GetProperty("Message").GetString()!;

    public bool Success => Json.GetProperty("Success").GetBoolean();

    public JsonElement Result => Json.GetProperty("Result");

    public string? ContentType => Response.Content.Headers.ContentType?.ToString();

    public string? Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    /// <summary>Asserts the status and the envelope shape (every response of the gateway has it).</summary>
    public ApiReply Is(HttpStatusCode status, bool? success = null)
    {
        Assert.True(status == Status, $"Expected {(int)status} {status} but got {(int)Status} {Status}: {Body}");
        Assert.Equal("application/json; charset=utf-8", ContentType);
        Assert.Equal(JsonValueKind.String, Json.GetProperty("Message").ValueKind);
        Assert.True(Json.TryGetProperty("Result", out _), "The body has no Result: " + Body);
        Assert.Equal(success ?? (int)status < 400, Success);
        return this;
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
