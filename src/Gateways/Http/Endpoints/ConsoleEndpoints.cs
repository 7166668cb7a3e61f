using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// <c>/Api/WWW/Command</c>: what the web console runs commands with. The body and its errors are those of
/// <c>POST /Api/Command</c>; an accepted command is answered at once with 200 and NDJSON, one line per fragment of
/// text as the command writes it (<c>{"Text":"...","Color":12}</c>, the DFHack colour number), then the result
/// (<c>{"ResultCode":"CR_OK","Code":0,"Success":true}</c>). A client that goes away cancels the command.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>The streamed command's path under <c>/Api</c>.</summary>
    private const string CommandPath = "/WWW/Command";

    /// <summary>The Content-Type of the streamed answer.</summary>
    public const string ContentType = "application/x-ndjson; charset=utf-8";

    /// <summary>The gateway's escaping (a '&lt;bot&gt;' prefix stays readable); a newline in the text is escaped, so each object is one line.</summary>
    private static readonly JsonWriterOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The property <c>Text</c> of a fragment line.</summary>
    private static readonly JsonEncodedText s_text = JsonEncodedText.Encode("Text");

    /// <summary>The property <c>Color</c> of a fragment line.</summary>
    private static readonly JsonEncodedText s_color = JsonEncodedText.Encode("Color");

    /// <summary>The property <c>ResultCode</c> of the last line.</summary>
    private static readonly JsonEncodedText s_resultCode = JsonEncodedText.Encode("ResultCode");

    /// <summary>The property <c>Code</c> of the last line.</summary>
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("Code");

    /// <summary>The property <c>Success</c> of the last line.</summary>
    private static readonly JsonEncodedText s_success = JsonEncodedText.Encode("Success");

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost(CommandPath, RunStreamedAsync)
            .WithTags("Console")
            .WithName("RunCommandStreamed")
            .WithSummary("Runs the command in the body {\"Command\": \"...\"} and streams its text as NDJSON while it runs.")
            .WithDescription("200 with application/x-ndjson: one {\"Text\":\"...\",\"Color\":N} line per fragment as the command writes it " +
                "(N the DFHack colour, -1 the default), then {\"ResultCode\":\"CR_OK\",\"Code\":0,\"Success\":true}. " +
                "Errors before the command runs are those of POST /Api/Command. Closing the connection cancels the command.")
            .AcceptsJson<CommandEndpoints.CommandRequest>()
            .Produces<string>(StatusCodes.Status200OK, "application/x-ndjson")
            .ProducesErrors(400, 401, 403, 406, 413, 503);
        // Without this the reserved /Api/WWW/{**rest} catch-all would answer 501 wherever the POST above does not match.
        api.Map(CommandPath, Refuse).ExcludeFromDescription();
    }

    /// <summary>
    /// Routing's own answer for <see cref="CommandPath"/> requests the POST endpoint does not take: 405 for another method,
    /// 415 for a body that is not JSON (answered as 406); the error middleware writes the body.
    /// </summary>
    private static Task Refuse(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        }
        else
        {
            context.Response.Headers.Allow = HttpMethods.Post;
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        }
        return Task.CompletedTask;
    }

    private static async Task RunStreamedAsync(HttpContext context, Gateway gateway)
    {
        var command = await CommandEndpoints.ReadBodyCommandAsync(context, gateway).ConfigureAwait(false);
        CommandEndpoints.RequireCommand(command);
        var response = context.Response;
        var aborted = context.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        // Asks a proxy in front (nginx) to pass each line on at once rather than buffer the answer.
        response.Headers["X-Accel-Buffering"] = "no";
        // The headers go out now: the console sees the command accepted before it writes anything.
        await response.StartAsync(aborted).ConfigureAwait(false);

        var fragments = Channel.CreateUnbounded<OutputFragment>(new UnboundedChannelOptions { SingleReader = true });
        var writing = WriteFragmentsAsync(fragments, response.BodyWriter, aborted);
        CommandResultCode code;
        try
        {
            code = (await gateway.Router.RunCommandLineAsync(command, new ChannelOutput(fragments.Writer), aborted).ConfigureAwait(false)).Code;
        }
        finally
        {
            // The router drops writes once the command has returned: nothing follows.
            fragments.Writer.TryComplete();
            await writing.ConfigureAwait(false);
        }
        using (var json = new Utf8JsonWriter(response.BodyWriter, s_json))
        {
            json.WriteStartObject();
            json.WriteString(s_resultCode, ResultCodes.Name(code));
            json.WriteNumber(s_code, (int)code);
            json.WriteBoolean(s_success, ErrorMapping.ForCommand(code).Success);
            json.WriteEndObject();
        }
        response.BodyWriter.Write("\n"u8);
        await response.BodyWriter.FlushAsync(aborted).ConfigureAwait(false);
    }

    /// <summary>Writes each fragment as one line until the command has ended; whatever has queued up meanwhile goes in one flush.</summary>
    private static async Task WriteFragmentsAsync(Channel<OutputFragment> fragments, PipeWriter body, CancellationToken cancellationToken)
    {
        try
        {
            using var json = new Utf8JsonWriter(body, s_json);
            while (await fragments.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (fragments.Reader.TryRead(out var fragment))
                {
                    json.WriteStartObject();
                    json.WriteString(s_text, fragment.Text);
                    json.WriteNumber(s_color, (int)fragment.Color);
                    json.WriteEndObject();
                    json.Flush();
                    // One value per line: the writer starts afresh for the next one.
                    json.Reset();
                    body.Write("\n"u8);
                }
                await body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // The client is gone: later writes of the command (being cancelled) are dropped instead of queued.
            fragments.Writer.TryComplete();
            throw;
        }
    }
}
