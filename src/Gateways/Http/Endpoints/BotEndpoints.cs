using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Contracts;
using ActorRpc.Gateways.Http.Errors;
using ActorRpc.Gateways.Http.Json;
using ActorRpc.PluginSdk;
using ActorRpc.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary><c>/Api/Bot</c>: read, create or update, delete bots, and their lifecycle (run as the router's commands).</summary>
internal static class BotEndpoints
{
    /// <summary>The request body of <c>POST /Api/Bot/{botName}</c>.</summary>
    /// <param name="BotConfig">The bot's configuration: <c>Enabled</c> and any plugin settings.</param>
    internal sealed record BotConfigRequest(JsonElement BotConfig);

    /// <summary>The optional request body of <c>POST /Api/Bot/{botNames}/Pause</c>.</summary>
    /// <param name="Permanent">Pause until resumed (the default when no time is given).</param>
    /// <param name="ResumeInSeconds">Resume by itself after this many seconds (0: never).</param>
    internal sealed record PauseRequest(bool Permanent, uint ResumeInSeconds);

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/Bot").WithTags("Bot");
        group.MapGet("/{botNames}", GetAsync)
            .WithName("GetBots")
            .WithSummary("The bots a bot list selects (names, ASF or @ALL, A..B, r!REGEX), as an object name -> bot; names that match no bot are left out (ASF 6).")
            .ProducesEnvelope<IReadOnlyDictionary<string, BotResponse>>(400, 401, 403);
        group.MapPost("/{botName}", SaveAsync)
            .WithName("SaveBot")
            .WithSummary("Creates or replaces a bot's configuration from {\"BotConfig\": {...}}; the file is written atomically.")
            .AcceptsJson<BotConfigRequest>()
            .ProducesEnvelope<string>(400, 401, 403, 406, 413, 503);
        group.MapDelete("/{botNames}", DeleteAsync)
            .WithName("DeleteBots")
            .WithSummary("Deletes bots and their configuration files; the result says what happened to each.")
            .ProducesEnvelope<IReadOnlyDictionary<string, string>>(400, 401, 403, 503);
        foreach (var operation in new[] { BotOperation.Start, BotOperation.Stop, BotOperation.Resume })
        {
            var verb = operation.ToString();
            group.MapPost($"/{{botNames}}/{verb}", (string botNames, HttpContext context, Gateway gateway) => LifecycleAsync(operation, botNames, null, context, gateway))
                .WithName($"{verb}Bots")
                .WithSummary($"{verb}s bots (the {verb.ToLowerInvariant()} command). As ASF 6: Success only when every bot changed state, " +
                    "Message ASF's text for each bot; the result is the command's reply text.")
                .ProducesEnvelope<string>(400, 401, 403, 503);
        }
        group.MapPost("/{botNames}/Pause", PauseAsync)
            .WithName("PauseBots")
            .WithSummary("Pauses bots until resumed, or for ResumeInSeconds; body optional: {\"Permanent\": bool, \"ResumeInSeconds\": n}.")
            .AcceptsJson<PauseRequest>(optional: true)
            .ProducesEnvelope<string>(400, 401, 403, 406, 413, 503);
    }

    private static async Task<IResult> GetAsync(string botNames, HttpContext context, Gateway gateway)
    {
        // As ASF 6: names that match no bot are left out, so an unknown one is an empty object, not an error.
        var bots = await SelectAsync(gateway, botNames, context.RequestAborted, unknownIsError: false).ConfigureAwait(false);
        var result = new SortedDictionary<string, BotResponse>(StringComparer.Ordinal);
        foreach (var bot in bots)
        {
            result[bot.Name] = BotResponse.From(bot);
        }
        return ApiResults.Ok<IReadOnlyDictionary<string, BotResponse>>(result);
    }

    private static async Task<IResult> SaveAsync(string botName, HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        JsonBody.RequireJsonContentType(context.Request);
        botName = RouteValues.Segment(botName);
        if (BotNames.Validate(botName) is { } invalid)
        {
            throw new ApiException(ApiError.BadRequest, invalid);
        }
        var body = await JsonBody.ReadObjectAsync(context, gateway.Options.MaxBodySize).ConfigureAwait(false);
        if (!JsonObjects.TryGet(body!.Value, nameof(BotConfigRequest.BotConfig), out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw new ApiException(ApiError.BadRequest, "Property 'BotConfig' is required: {\"BotConfig\": {\"Enabled\": true}}.");
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw JsonObjects.WrongType(nameof(BotConfigRequest.BotConfig), "a JSON object", element);
        }
        var reply = await gateway.Router.SaveBotAsync(botName, ParseConfig(element), context.RequestAborted).ConfigureAwait(false);
        return CommandEndpoints.Response(reply.Code, reply.Text);
    }

    private static async Task<IResult> DeleteAsync(string botNames, HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        var bots = await SelectAsync(gateway, botNames, context.RequestAborted).ConfigureAwait(false);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var code = CommandResultCode.Ok;
        foreach (var bot in bots)
        {
            var reply = await gateway.Router.DeleteBotAsync(bot.Name, context.RequestAborted).ConfigureAwait(false);
            result[bot.Name] = reply.Text;
            if (reply.Code != CommandResultCode.Ok)
            {
                code = reply.Code;
                failures.Add($"<{bot.Name}> {reply.Text}");
            }
        }
        var (status, success) = ErrorMapping.ForCommand(code);
        return ApiResults.Of<IReadOnlyDictionary<string, string>>(status, success, success ? "OK" : string.Join('\n', failures), result);
    }

    private static async Task<IResult> PauseAsync(string botNames, HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        var body = await JsonBody.ReadObjectAsync(context, gateway.Options.MaxBodySize, optional: true).ConfigureAwait(false);
        uint? resumeIn = null;
        if (body is { } pause)
        {
            var permanent = JsonObjects.GetBoolean(pause, nameof(PauseRequest.Permanent)) ?? false;
            resumeIn = JsonObjects.GetUInt32(pause, nameof(PauseRequest.ResumeInSeconds));
            if (permanent && resumeIn > 0)
            {
                throw new ApiException(ApiError.BadRequest, "A permanent pause cannot resume by itself: give Permanent or ResumeInSeconds, not both.");
            }
        }
        return await LifecycleAsync(BotOperation.Pause, botNames, resumeIn > 0 ? resumeIn : null, context, gateway).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <c>verb bots [seconds]</c> through the router (its queues, suspension and metrics apply as to any command)
    /// and answers as ASF 6 does: 200, <c>Success</c> only when every bot changed state, <c>Message</c> ASF's text for
    /// each bot on its own line. <c>Result</c> keeps the command's reply, which names the bots. A list that selects no
    /// bot is answered as the command is (400).
    /// </summary>
    private static async Task<IResult> LifecycleAsync(BotOperation operation, string botNames, uint? seconds, HttpContext context, Gateway gateway)
    {
        gateway.RequireCommandAccess();
        var line = $"{operation.ToString().ToLowerInvariant()} {Selector(botNames)}";
        if (seconds is { } value)
        {
            line += " " + value.ToString(CultureInfo.InvariantCulture);
        }
        var result = await gateway.Router.RunCommandLineAsync(line, NullCommandOutput.Instance, context.RequestAborted).ConfigureAwait(false);
        if (result.Bots is not { } bots)
        {
            return CommandEndpoints.Response(result.Code, result.Text);
        }
        var (status, _) = ErrorMapping.ForCommand(result.Code);
        var success = bots.All(bot => bot.Reply is { Code: CommandResultCode.Ok, Changed: true });
        var message = string.Join('\n', bots.Select(bot => AsfLifecycleText.Of(operation, bot.Reply)));
        return ApiResults.Of(status, success, message, result.Text.TrimEnd('\n'));
    }

    /// <summary>The bots <paramref name="botNames"/> selects; 400 for a bad list or when it names only unknown bots.</summary>
    private static async Task<IReadOnlyList<BotSnapshot>> SelectAsync(Gateway gateway, string botNames, CancellationToken cancellationToken, bool unknownIsError = true)
    {
        var query = await gateway.Router.GetBotsAsync(Selector(botNames), cancellationToken).ConfigureAwait(false);
        if (query.Error is not null)
        {
            throw new ApiException(ApiError.BadRequest, query.Error);
        }
        if (unknownIsError && query.Bots.Count == 0 && query.Unknown.Count > 0)
        {
            throw new ApiException(ApiError.BadRequest, string.Join('\n', query.Unknown.Select(name => $"Couldn't find any bot named {name}!")));
        }
        return query.Bots;
    }

    /// <summary>The bot list from a path segment: entries trimmed; whitespace inside an entry is refused (it would split the command line).</summary>
    private static string Selector(string botNames)
    {
        var entries = RouteValues.Segment(botNames).Split(',').Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        if (entries.Count == 0)
        {
            throw new ApiException(ApiError.BadRequest, "No bot names given.");
        }
        if (entries.FirstOrDefault(e => e.Any(char.IsWhiteSpace)) is { } spaced)
        {
            throw new ApiException(ApiError.BadRequest, $"'{spaced}' is not a bot list entry: bot names contain no whitespace.");
        }
        return string.Join(',', entries);
    }

    /// <summary>
    /// The configuration from the request: <c>Enabled</c> is matched in any case (request bodies are
    /// case-insensitive) and written as the core expects it; everything else is kept as sent.
    /// </summary>
    private static BotConfig ParseConfig(JsonElement element)
    {
        using var text = new MemoryStream();
        using (var writer = new Utf8JsonWriter(text))
        {
            writer.WriteStartObject();
            var enabledSeen = false;
            foreach (var property in element.EnumerateObject())
            {
                var name = property.Name;
                if (name.Equals(nameof(BotConfig.Enabled), StringComparison.OrdinalIgnoreCase))
                {
                    if (enabledSeen)
                    {
                        throw new ApiException(ApiError.BadRequest, "Invalid BotConfig: property 'Enabled' appears more than once (names are case-insensitive).");
                    }
                    enabledSeen = true;
                    name = nameof(BotConfig.Enabled);
                }
                writer.WritePropertyName(name);
                property.Value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        try
        {
            return BotConfig.Parse(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length));
        }
        catch (BotConfigException ex)
        {
            throw new ApiException(ApiError.BadRequest, $"Invalid BotConfig: {ex.Message}.");
        }
    }
}
