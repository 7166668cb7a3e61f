using System.Text.Json;
using System.Text.Json.Serialization;
using ActorRpc.Actors.Bots;

namespace ActorRpc.Gateways.Http.Contracts;

/// <summary>
/// A bot as <c>GET /Api/Bot/{botNames}</c> returns it: ours (<see cref="Name"/> … <see cref="Reports"/>), and beside them ASF 6's
/// bot fields, so ASF's clients (ASF-ui's Bots page and bot page, the client libraries) list our bots with their state.
/// The lifecycle maps onto what ASF-ui derives its status from: Running is connected and not paused ("online"),
/// Paused is connected with <see cref="AsfCardsFarmer.Paused"/> ("online", resume offered), Stopped does not keep running
/// ("disabled"), Failed (a broken configuration) keeps running but is not connected ("offline"). Steam's own fields
/// (Steam ID, wallet, avatar, 2FA, cards to farm) have their empty values: we farm no cards, so no bot is "farming".
/// </summary>
internal sealed record BotResponse(
    string Name,
    BotState State,
    string StatusText,
    JsonElement? BotConfig,
    string? ConfigError,
    DateTimeOffset? ResumesAt,
    IReadOnlyDictionary<string, string> Reports)
{
    /// <summary>ASF: the bot's name.</summary>
    public string BotName => Name;

    /// <summary>ASF: whether the bot is meant to run (started, not stopped).</summary>
    public bool KeepRunning => State is BotState.Running or BotState.Paused or BotState.Failed;

    /// <summary>ASF: whether the bot is up (Running or Paused).</summary>
    public bool IsConnectedAndLoggedOn => State is BotState.Running or BotState.Paused;

    /// <summary>ASF: whether the bot could play (run its behaviours) now.</summary>
    public bool IsPlayingPossible => State == BotState.Running;

    /// <summary>ASF: its card farming; ours is its pause only.</summary>
    public AsfCardsFarmer CardsFarmer => new(State == BotState.Paused);

    /// <summary>ASF: the Steam nickname (none).</summary>
    public string? Nickname => null;

    /// <summary>ASF: the Steam avatar's hash (none).</summary>
    public string? AvatarHash => null;

    /// <summary>ASF: the Steam ID (0: none).</summary>
    public ulong SteamID => 0;

    /// <summary>ASF: the Steam ID as a string, which ASF-ui reads (JavaScript numbers cannot hold every ulong).</summary>
    [JsonPropertyName("s_SteamID")]
    public string SteamIdText => "0";

    /// <summary>ASF: Steam's account flags (none).</summary>
    public int AccountFlags => 0;

    /// <summary>ASF: the input the bot waits for (0: none).</summary>
    public int RequiredInput => 0;

    /// <summary>ASF: the Steam wallet, in cents (none).</summary>
    public long WalletBalance => 0;

    /// <summary>ASF: the delayed part of the wallet (none).</summary>
    public long WalletBalanceDelayed => 0;

    /// <summary>ASF: the wallet's currency (0: none, so ASF-ui shows no wallet).</summary>
    public int WalletCurrency => 0;

    /// <summary>ASF: keys waiting to be redeemed in the background (none).</summary>
    public int GamesToRedeemInBackgroundCount => 0;

    /// <summary>ASF: whether ASF holds the account's 2FA (never).</summary>
    public bool HasMobileAuthenticator => false;

    /// <summary>ASF: the public IP Steam sees (none).</summary>
    public string? PublicIP => null;

    public static BotResponse From(BotSnapshot bot) =>
        new(bot.Name, bot.State, bot.StatusText, bot.Config?.Settings, bot.ConfigError, bot.ResumesAt,
            new SortedDictionary<string, string>(bot.Reports.ToDictionary(), StringComparer.Ordinal));
}

/// <summary>ASF's <c>CardsFarmer</c> of a bot: we farm nothing, so only <see cref="Paused"/> says something.</summary>
/// <param name="Paused">Whether the bot is paused.</param>
internal sealed record AsfCardsFarmer(bool Paused)
{
    /// <summary>Games being farmed (none).</summary>
    public IReadOnlyList<object> CurrentGamesFarming => [];

    /// <summary>Games left to farm (none).</summary>
    public IReadOnlyList<object> GamesToFarm => [];

    /// <summary>Time left, in .NET's TimeSpan format (nothing left).</summary>
    public string TimeRemaining => "00:00:00";

    /// <summary>Whether farming runs now (never).</summary>
    public bool NowFarming => false;
}
