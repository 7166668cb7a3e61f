using ActorRpc.Configuration.Options;

namespace ActorRpc.Cluster;

/// <summary>The one check of <see cref="ClusterSettings"/>; each failure is one line that starts with the key.</summary>
public sealed class ClusterSettingsValidator : HoconOptionsValidator<ClusterSettings>
{
    /// <inheritdoc />
    public override string? Problem(ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RabbitMqUri is { } uri && uri.Scheme is not ("amqp" or "amqps"))
        {
            return $"{Key(nameof(settings.RabbitMqUri))}: '{uri}' is not an amqp:// or amqps:// URI";
        }
        if (settings.Shards is < 1 or > 4096)
        {
            return $"{Key(nameof(settings.Shards))}: expected a whole number from 1 to 4096, but found '{settings.Shards}'.";
        }
        if (settings.RegistrySnapshotEvery is < 1 or > 1_000_000)
        {
            return $"{Key(nameof(settings.RegistrySnapshotEvery))}: expected a whole number from 1 to 1000000, but found '{settings.RegistrySnapshotEvery}'.";
        }
        if (settings.HeartbeatInterval <= TimeSpan.Zero || settings.RequestTimeout <= TimeSpan.Zero || settings.ResultRetention <= TimeSpan.Zero)
        {
            var (property, value) = settings.HeartbeatInterval <= TimeSpan.Zero ? (nameof(settings.HeartbeatInterval), settings.HeartbeatInterval)
                : settings.RequestTimeout <= TimeSpan.Zero ? (nameof(settings.RequestTimeout), settings.RequestTimeout)
                : (nameof(settings.ResultRetention), settings.ResultRetention);
            return $"{Key(property)}: expected a positive duration, but found '{value}'.";
        }
        if (settings.FailureTimeout <= settings.HeartbeatInterval)
        {
            return $"{Key(nameof(settings.FailureTimeout))} must be longer than {Key(nameof(settings.HeartbeatInterval))}";
        }
        if (settings.BrokerHeartbeat is var beat && (beat.Ticks % TimeSpan.TicksPerSecond != 0 || beat < TimeSpan.FromSeconds(1) || beat > TimeSpan.FromSeconds(60)))
        {
            return $"{Key(nameof(settings.BrokerHeartbeat))} must be a whole number of seconds from 1s to 60s (AMQP counts heartbeats in seconds), not {beat}";
        }
        return null;
    }
}
