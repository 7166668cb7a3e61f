namespace ActorRpc.Node;

/// <summary>The node's configuration, read and checked once at start (see <c>hocon/actorrpc.conf</c> for every key).</summary>
public sealed record NodeOptions
{
    /// <summary><c>actorrpc.node.name</c>.</summary>
    public required string NodeName { get; init; }

    /// <summary><c>actorrpc.ipc.*</c>.</summary>
    public required IpcOptions Ipc { get; init; }

    /// <summary><c>actorrpc.rpc.*</c>.</summary>
    public required RpcOptions Rpc { get; init; }

    /// <summary><c>actorrpc.bots.directory</c>.</summary>
    public required string BotsDirectory { get; init; }

    /// <summary><c>actorrpc.plugins.directory</c>.</summary>
    public required string PluginsDirectory { get; init; }

    /// <summary><c>actorrpc.plugins.max-concurrent-calls</c>.</summary>
    public required int MaxConcurrentCalls { get; init; }

    /// <summary><c>actorrpc.plugins.max-queued-calls</c>.</summary>
    public required int MaxQueuedCalls { get; init; }

    /// <summary><c>actorrpc.bots.max-queued-commands</c>.</summary>
    public required int MaxQueuedCommands { get; init; }

    /// <summary><c>actorrpc.log.format</c>: text or json.</summary>
    public required string LogFormat { get; init; }

    /// <summary><c>actorrpc.commands.regex-timeout</c>.</summary>
    public required TimeSpan RegexTimeout { get; init; }

    /// <summary><c>actorrpc.cluster.*</c>.</summary>
    public required ClusterOptions Cluster { get; init; }

    /// <summary>The file's <c>akka { }</c> section, as HOCON for Akka.NET (empty when there is none).</summary>
    public string AkkaHocon { get; init; } = string.Empty;
}

/// <summary>The HTTP IPC server's settings.</summary>
public sealed record IpcOptions
{
    /// <summary>Start the HTTP IPC server.</summary>
    public required bool Enabled { get; init; }

    /// <summary>The address it listens on.</summary>
    public required string Host { get; init; }

    /// <summary>Its port.</summary>
    public required int Port { get; init; }

    /// <summary>The password; null for no authentication.</summary>
    public string? Password { get; init; }

    /// <summary>PlainText or Pbkdf2.</summary>
    public required string PasswordFormat { get; init; }

    /// <summary>The owner; 0 prohibits command access.</summary>
    public required ulong OwnerId { get; init; }

    /// <summary>CORS origins.</summary>
    public required IReadOnlyList<string> CorsOrigins { get; init; }

    /// <summary>The largest request body accepted, in bytes.</summary>
    public required long MaxBodySize { get; init; }

    /// <summary>Clients (CIDR) served without a password when listening beyond loopback.</summary>
    public required IReadOnlyList<string> TrustedNetworks { get; init; }

    /// <summary>Host names the IPC server answers to besides its addresses and loopback.</summary>
    public required IReadOnlyList<string> AllowedHosts { get; init; }

    /// <summary>Serve every client without a password.</summary>
    public required bool AllowNonLoopbackWithoutPassword { get; init; }

    /// <summary>Serve <c>/metrics</c> without the password.</summary>
    public required bool MetricsOpen { get; init; }

    /// <summary>Serve the web console at <c>/</c>.</summary>
    public required bool WebConsole { get; init; }

    /// <summary><c>actorrpc.ipc.web-root</c>: a folder served at <c>/</c> instead of the console (null: none).</summary>
    public string? WebRoot { get; init; }

    /// <summary>Requests processed at once before 503.</summary>
    public required int MaxConcurrentRequests { get; init; }
}

/// <summary>The TCP RPC endpoint's settings.</summary>
public sealed record RpcOptions
{
    /// <summary>Start the RPC listener.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Its port (after <c>DFHACK_PORT</c>).</summary>
    public required int Port { get; init; }

    /// <summary>Listen on every interface, not only loopback.</summary>
    public required bool AllowRemote { get; init; }

    /// <summary>Networks (CIDR) allowed to call RunCommand and RunLua.</summary>
    public required IReadOnlyList<string> TrustedNetworks { get; init; }

    /// <summary>The largest frame accepted, in bytes.</summary>
    public required long MaxFrameSize { get; init; }
}

/// <summary>The cluster's settings.</summary>
public sealed record ClusterOptions
{
    /// <summary>in-memory or rabbitmq.</summary>
    public required string Transport { get; init; }

    /// <summary>The RabbitMQ URI, when clustered.</summary>
    public string? RabbitMqUri { get; init; }

    /// <summary>The number of bot shards.</summary>
    public required int Shards { get; init; }

    /// <summary>How often a member says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a silent member lasts before it counts as gone.</summary>
    public TimeSpan FailureTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The AMQP heartbeat asked of the broker (whole seconds).</summary>
    public TimeSpan BrokerHeartbeat { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a cluster-bound request waits for its answer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long executed commands' results are kept for redeliveries.</summary>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Registry records between two registry snapshots.</summary>
    public int RegistrySnapshotEvery { get; init; } = 1000;

    /// <summary>True when the node joins a cluster (a RabbitMQ URI is set).</summary>
    public bool Enabled => RabbitMqUri is not null;
}
