using ActorRpc.Protocol;

namespace ActorRpc.PluginSdk;

/// <summary>
/// Where a command or method writes its text as it produces it; the gateway streams it to the client
/// (TCP: TEXT frames in call order; HTTP: the reply text). Thread-safe; writes after the call ended are dropped.
/// </summary>
public interface ICommandOutput
{
    /// <summary>Writes <paramref name="text"/> in <paramref name="color"/>.</summary>
    void Write(string text, TextColor color = TextColor.Default);
}

/// <summary>Conveniences over <see cref="ICommandOutput"/>.</summary>
public static class CommandOutputExtensions
{
    /// <summary>Writes <paramref name="text"/> and a newline.</summary>
    public static void WriteLine(this ICommandOutput output, string text, TextColor color = TextColor.Default)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(text + "\n", color);
    }
}

/// <summary>An output that keeps nothing.</summary>
public sealed class NullCommandOutput : ICommandOutput
{
    /// <summary>The single instance.</summary>
    public static readonly NullCommandOutput Instance = new();

    private NullCommandOutput()
    {
    }

    /// <inheritdoc />
    public void Write(string text, TextColor color = TextColor.Default)
    {
    }
}
