using ActorRpc.Actors.Bots;

namespace ActorRpc.Actors.Router;

/// <summary>
/// The bots the router can name, and where a request to one of them goes. A lone node's bots are its own
/// actors (<see cref="LocalBots"/>); in a cluster the namespace is shared by every node and a request travels
/// to whichever node hosts the bot. The router's command grammar sits on top and does not know which.
/// </summary>
public interface IBotNamespace
{
    /// <summary>True when a bot of this exact name exists.</summary>
    bool Contains(string name);

    /// <summary>Every bot name, in ordinal order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Runs one request on bot <paramref name="name"/>; null when there is no such bot (any more).</summary>
    /// <returns>A <see cref="BotSnapshot"/> for <see cref="BotOperation.Status"/>, a <see cref="BotReply"/> otherwise.</returns>
    /// <exception cref="BotUnavailableException">The bot cannot be reached now (overloaded, or its host is out of reach).</exception>
    Task<object?> AskAsync(string name, BotRequest request, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a bot's configuration.</summary>
    Task<BotReply> SaveAsync(string name, BotConfig config, CancellationToken cancellationToken);

    /// <summary>Deletes a bot and its configuration.</summary>
    Task<BotReply> DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>What a request asks of a bot.</summary>
public enum BotOperation
{
    /// <summary>Its state (answered with a <see cref="BotSnapshot"/>).</summary>
    Status,

    /// <summary>Start it.</summary>
    Start,

    /// <summary>Stop it.</summary>
    Stop,

    /// <summary>Pause it, for ever or for <see cref="BotRequest.ResumeAfter"/>.</summary>
    Pause,

    /// <summary>Resume it.</summary>
    Resume,
}

/// <summary>One request to one bot.</summary>
/// <param name="Operation">What to do.</param>
/// <param name="ResumeAfter">For a timed pause, when to resume by itself.</param>
public sealed record BotRequest(BotOperation Operation, TimeSpan? ResumeAfter = null)
{
    /// <summary>The status request.</summary>
    public static BotRequest Status { get; } = new(BotOperation.Status);

    /// <summary>True when the request can change the bot (so a repeat would be a second execution).</summary>
    public bool ChangesState => Operation != BotOperation.Status;

    /// <summary>The bot actor's message for this request.</summary>
    internal object ToMessage() => Operation switch
    {
        BotOperation.Status => GetBotStatus.Instance,
        BotOperation.Start => StartBot.Instance,
        BotOperation.Stop => StopBot.Instance,
        BotOperation.Pause => new PauseBot(ResumeAfter),
        _ => ResumeBot.Instance,
    };
}

/// <summary>A bot cannot take a request now; the message says why (it becomes the reply line, with CR_LINK_FAILURE).</summary>
public sealed class BotUnavailableException(string bot, string message) : Exception(message)
{
    /// <summary>The bot's name.</summary>
    public string Bot { get; } = bot;
}
