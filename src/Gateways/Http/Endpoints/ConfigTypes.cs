using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;
using ActorRpc.Gateways.Http.Json;
using ActorRpc.Gateways.Http.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>
/// The types <c>/Api/Structure</c> and <c>/Api/Type</c> describe: <c>BotConfig</c>, the gateway's own
/// <c>HttpGatewayOptions</c>, and the protobuf input and output messages of the loaded plugins' RPC methods
/// (by full name, e.g. <c>dfproto.StringMessage</c>). Names match case-insensitively, short or full.
/// </summary>
internal static class ConfigTypes
{
    /// <summary>A described type: its default instance and its field → type-name map.</summary>
    public sealed record Description(string Name, JsonNode Structure, IReadOnlyDictionary<string, string> Fields, string BaseType = "System.Object");

    /// <summary>ASF's name of a bot's configuration, as ASF's clients ask for it: answered with ours.</summary>
    public const string AsfBotConfig = "ArchiSteamFarm.Steam.Storage.BotConfig";

    /// <summary>ASF's name of its global configuration: answered with what a node shows of its settings in <c>GET /Api/ASF</c>.</summary>
    public const string AsfGlobalConfig = "ArchiSteamFarm.Storage.GlobalConfig";

    /// <summary>The description of <paramref name="name"/>, or null with the known names.</summary>
    public static Description? Find(string name, RoutingTable table, out IReadOnlyList<string> known)
    {
        var messages = table.Plugins.Values
            .SelectMany(p => p.Methods.Values)
            .SelectMany(m => new[] { m.Input, m.Output })
            .DistinctBy(d => d.FullName)
            .ToDictionary(d => d.FullName, StringComparer.OrdinalIgnoreCase);
        known = [nameof(BotConfig), nameof(HttpGatewayOptions), AsfBotConfig, AsfGlobalConfig, .. messages.Keys.Order(StringComparer.Ordinal)];
        if (name.Equals(AsfGlobalConfig, StringComparison.OrdinalIgnoreCase))
        {
            return GlobalConfig();
        }
        if (Matches(name, typeof(BotConfig)) || name.Equals(AsfBotConfig, StringComparison.OrdinalIgnoreCase))
        {
            return new Description(typeof(BotConfig).FullName!, JsonNode.Parse(BotConfig.Default.ToJson())!,
                new Dictionary<string, string> { [nameof(BotConfig.Enabled)] = TypeName(typeof(bool)) });
        }
        if (Matches(name, typeof(HttpGatewayOptions)))
        {
            var properties = ConfigurableProperties(typeof(HttpGatewayOptions));
            var structure = JsonSerializer.SerializeToNode(new HttpGatewayOptions(), GatewayJson.Options)!.AsObject();
            foreach (var computed in structure.Select(p => p.Key).Where(k => properties.All(p => p.Name != k)).ToList())
            {
                structure.Remove(computed);
            }
            return new Description(typeof(HttpGatewayOptions).FullName!, structure, properties.ToDictionary(p => p.Name, p => TypeName(p.PropertyType)));
        }
        if (messages.TryGetValue(name, out var message))
        {
            return Describe(message);
        }
        return null;
    }

    private static Description Describe(MessageDescriptor message) =>
        new(message.FullName, ProtobufJson.Structure(message), ProtobufJson.TypeMap(message), "Google.Protobuf.IMessage");

    /// <summary>
    /// ASF's GlobalConfig as a node shows it (read-only: the node is configured by its file): derived from
    /// <see cref="Contracts.AsfGlobalConfig"/>, what <c>GET /Api/ASF</c> carries, so the two cannot drift. Its <c>s_</c> string
    /// twins are values, not fields (ASF-ui derives them from a <c>System.UInt64</c> field).
    /// </summary>
    private static Description GlobalConfig()
    {
        var properties = typeof(Contracts.AsfGlobalConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>() is null);
        return new(AsfGlobalConfig,
            JsonSerializer.SerializeToNode(new Contracts.AsfGlobalConfig(0, 0), GatewayJson.Options)!,
            properties.ToDictionary(p => p.Name, p => TypeName(p.PropertyType)));
    }

    private static bool Matches(string name, Type type) =>
        name.Equals(type.Name, StringComparison.OrdinalIgnoreCase) || name.Equals(type.FullName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The settable properties (computed ones such as <c>Url</c> are not configuration).</summary>
    private static List<PropertyInfo> ConfigurableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null)];

    /// <summary>
    /// A CLR type's name as ASF's <c>/Api/Type</c> writes it, which ASF-ui parses to pick an editor: the full name, and for a
    /// generic type its name with arity followed by each argument in brackets
    /// (<c>System.Collections.Generic.IReadOnlyList`1[System.String]</c>).
    /// </summary>
    internal static string TypeName(Type type) =>
        type.GenericTypeArguments.Length == 0
            ? type.FullName ?? type.Name
            : $"{type.Namespace}.{type.Name}{string.Concat(type.GenericTypeArguments.Select(argument => $"[{TypeName(argument)}]"))}";
}
