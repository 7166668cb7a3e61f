using ActorRpc.Configuration.Options;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Tcp;

/// <summary>The one check of <see cref="TcpGatewayOptions"/>; each failure is one line that starts with the key.</summary>
public sealed class TcpGatewayOptionsValidator : HoconOptionsValidator<TcpGatewayOptions>
{
    /// <inheritdoc />
    public override string? Problem(TcpGatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535)
        {
            return $"{Key(nameof(options.Port))}: expected a whole number from 0 to 65535 (0: a free port), but found '{options.Port}'.";
        }
        if (options.MaxFrameSize is < 1 or > WireFrames.MaxMessageSize)
        {
            return $"{Key(nameof(options.MaxFrameSize))}: expected a size from 1 B to 64 MiB (the protocol's limit), but found {options.MaxFrameSize} bytes.";
        }
        try
        {
            _ = new TrustedNetworks(options.TrustedNetworks ?? []);
        }
        catch (FormatException ex)
        {
            return $"{Key(nameof(options.TrustedNetworks))}: {ex.Message}";
        }
        return null;
    }
}
