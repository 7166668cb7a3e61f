using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorRpc.Cluster.Records;

/// <summary>The JSON settings of every cluster message: compact, enums by name, nulls left out.</summary>
internal static class ClusterJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };
}
