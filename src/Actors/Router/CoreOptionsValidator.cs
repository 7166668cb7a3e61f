using ActorRpc.Configuration.Options;

namespace ActorRpc.Actors.Router;

/// <summary>The one check of <see cref="CoreOptions"/>; each failure is one line that starts with the key.</summary>
public sealed class CoreOptionsValidator : HoconOptionsValidator<CoreOptions>
{
    /// <inheritdoc />
    public override string? Problem(CoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.NodeName) || !options.NodeName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return Wrong(nameof(options.NodeName), "a name of letters, digits, '-' and '_'", options.NodeName);
        }
        if (string.IsNullOrEmpty(options.BotsDirectory))
        {
            return Wrong(nameof(options.BotsDirectory), "a directory", options.BotsDirectory);
        }
        return Range(nameof(options.MaxConcurrentCalls), options.MaxConcurrentCalls, 1, 100_000)
            ?? Range(nameof(options.MaxQueuedCallsPerMethod), options.MaxQueuedCallsPerMethod, 0, 10_000_000)
            ?? Range(nameof(options.MaxQueuedCommandsPerBot), options.MaxQueuedCommandsPerBot, 1, 10_000_000)
            ?? (options.RegexTimeout <= TimeSpan.Zero ? Wrong(nameof(options.RegexTimeout), "a positive duration such as 100ms", options.RegexTimeout) : null);
    }

    private static string? Range(string property, int value, int min, int max) =>
        value >= min && value <= max ? null : Wrong(property, $"a whole number from {min} to {max}", value);
}
