using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Json;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>/Api/Command</c>: run a command line through the router; the result is the command's reply text.</summary>
internal static class CommandEndpoints
{
    /// <summary>The request body of <c>POST /Api/Command</c>.</summary>
    /// <param name="Command">The command line, e.g. <c>status ASF</c>.</param>
    internal sealed record CommandRequest(string Command);

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/Command").WithTags("Command");
        group.MapMethods("/{command}", [HttpMethods.Get, HttpMethods.Post], RunFromPathAsync)
            .WithName("RunCommandFromPath")
            .WithSummary("Runs a command given as one URL-encoded path segment ('+' means a space).")
            .ProducesEnvelope<string>(400, 401, 403, 503);
        group.MapPost("/", RunFromBodyAsync)
            .WithName("RunCommand")
            .WithSummary("Runs the command in the body {\"Command\": \"...\"}.")
            .AcceptsJson<CommandRequest>()
            .ProducesEnvelope<string>(400, 401, 403, 406, 413, 503);
    }

    private static Task<IResult> RunFromPathAsync(string command, HttpContext context, Gateway gateway) =>
        RunAsync(gateway, CommandFromPath(context, command), context.RequestAborted);

    private static async Task<IResult> RunFromBodyAsync(HttpContext context, Gateway gateway)
    {
        var command = await ReadBodyCommandAsync(context, gateway).ConfigureAwait(false);
        return await RunAsync(gateway, command, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The command of a <c>{"Command":"..."}</c> body, after the command access check (503); 406, 413 and 400 as for
    /// every JSON body, 400 without Command. The command may still be empty (<see cref="RequireCommand"/>).
    /// </summary>
    public static async Task<string> ReadBodyCommandAsync(HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        var body = await JsonBody.ReadObjectAsync(context, gateway.Options.MaxBodySize).ConfigureAwait(false);
        return JsonObjects.GetString(body!.Value, nameof(CommandRequest.Command))
            ?? throw new ApiException(ApiError.BadRequest, "Property 'Command' is required: {\"Command\": \"status ASF\"}.");
    }

    /// <summary>Throws 400 when <paramref name="command"/> has no command word.</summary>
    public static void RequireCommand(string command)
    {
        if (CommandLine.Parse(command) is null)
        {
            throw new ApiException(ApiError.BadRequest, "The command is empty.");
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> and answers with its text: 503 while no owner is configured (every caller gets the
    /// check, so a new endpoint cannot forget it), 400 when the command is empty.
    /// </summary>
    public static async Task<IResult> RunAsync(Gateway gateway, string command, CancellationToken cancellationToken)
    {
        gateway.RequireCommandAccess();
        RequireCommand(command);
        var result = await gateway.Router.RunCommandLineAsync(command, NullCommandOutput.Instance, cancellationToken).ConfigureAwait(false);
        return Response(result.Code, result.Text);
    }

    /// <summary>A command endpoint's answer: status and Success from <see cref="ErrorMapping.ForCommand"/>, the text as Result (and as Message on failure).</summary>
    public static IResult Response(CommandResultCode code, string text)
    {
        text = text.TrimEnd('\n');
        var (status, success) = ErrorMapping.ForCommand(code);
        var message = success ? "OK" : text.Length > 0 ? text : $"The command failed ({ResultCodes.Name(code)}).";
        return ApiResults.Of(status, success, message, text);
    }

    /// <summary>
    /// The command from the raw request target when the server provides it, so that <c>%2B</c> stays a '+' while a
    /// literal '+' means a space; otherwise from the decoded route value.
    /// </summary>
    private static string CommandFromPath(HttpContext context, string decoded)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw))
        {
            var path = raw.Split('?', 2)[0].TrimEnd('/');
            var slash = path.LastIndexOf('/');
            if (slash >= 0 && slash < path.Length - 1)
            {
                return Uri.UnescapeDataString(path[(slash + 1)..].Replace('+', ' '));
            }
        }
        return decoded.Replace('+', ' ').Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }
}
