using System.Text.Json;
using ActorRpc.Actors.Bots;

namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>A bot as <c>GET /Api/Bot/{botNames}</c> shows it.</summary>
/// <param name="Name">Its name.</param>
/// <param name="State">Stopped, Running, Paused or Failed.</param>
/// <param name="StatusText">The status line, as the <c>status</c> command shows it.</param>
/// <param name="BotConfig">Its configuration file as JSON; null when the file is broken.</param>
/// <param name="ConfigError">Why the file is broken, when it is.</param>
/// <param name="ResumesAt">When a timed pause ends.</param>
/// <param name="Reports">The latest report of each plugin behaviour.</param>
internal sealed record BotResponse(
    string Name,
    BotState State,
    string StatusText,
    JsonElement? BotConfig,
    string? ConfigError,
    DateTimeOffset? ResumesAt,
    IReadOnlyDictionary<string, string> Reports)
{
    /// <summary>The response for <paramref name="bot"/>.</summary>
    public static BotResponse From(BotSnapshot bot) =>
        new(bot.Name, bot.State, bot.StatusText, bot.Config?.Settings, bot.ConfigError, bot.ResumesAt,
            new SortedDictionary<string, string>(bot.Reports.ToDictionary(), StringComparer.Ordinal));
}
