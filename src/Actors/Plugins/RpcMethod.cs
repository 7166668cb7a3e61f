using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.PluginSdk;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRpc.Actors.Plugins;

/// <summary>
/// A plugin's typed RPC method as the router sees it: its names, its exact protobuf type names (what
/// BindMethod compares), how to parse its input, and the actor that runs its calls.
/// </summary>
public sealed class RpcMethod
{
    /// <summary>Runs one call: input message in, result code and output message out.</summary>
    private readonly Func<IMessage, CallContext, Task<(CommandResultCode Code, IMessage? Output)>> _invoke;

    internal RpcMethod(string plugin, string name, MessageDescriptor input, MessageDescriptor output, bool serial,
        Func<IMessage, CallContext, Task<(CommandResultCode, IMessage?)>> invoke)
    {
        Plugin = plugin;
        Name = name;
        Input = input;
        Output = output;
        Serial = serial;
        _invoke = invoke;
    }

    /// <summary>The plugin that exports it.</summary>
    public string Plugin { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary><c>plugin::method</c>.</summary>
    public string FullName => $"{Plugin}::{Name}";

    /// <summary>The input message type (its <c>FullName</c> is what BindMethod compares, e.g. <c>dfproto.StringMessage</c>).</summary>
    public MessageDescriptor Input { get; }

    /// <summary>The output message type.</summary>
    public MessageDescriptor Output { get; }

    /// <summary>True when calls run one at a time.</summary>
    public bool Serial { get; }

    /// <summary>The method's actor; set when the plugin host starts it.</summary>
    public IActorRef Actor { get; internal set; } = ActorRefs.Nobody;

    /// <summary>Parses an input message from protobuf bytes; null when it does not parse or lacks a required field.</summary>
    public IMessage? ParseInput(ReadOnlySpan<byte> bytes) => TryParse(Input.Parser, bytes);

    /// <summary>
    /// The protocol's decoding rule for any input: the bytes must parse and every required field must be present
    /// (Google.Protobuf does not check required fields itself). Null otherwise.
    /// </summary>
    public static IMessage? TryParse(MessageParser parser, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(parser);
        try
        {
            var message = parser.ParseFrom(bytes);
            return message.IsInitialized() ? message : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    internal Task<(CommandResultCode Code, IMessage? Output)> InvokeAsync(IMessage input, CallContext context) => _invoke(input, context);

    /// <inheritdoc />
    public override string ToString() => $"{FullName}({Input.FullName}) -> {Output.FullName}";
}
