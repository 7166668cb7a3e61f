using Microsoft.Extensions.Options;

namespace ActorRpc.Configuration.Options;

/// <summary>
/// The base of each component's one options check: <see cref="Problem"/> names the first problem in one line that starts
/// with the key (<c>actorrpc.ipc.port: expected …, but found '…'.</c>); Microsoft.Extensions.Options sees it as a
/// validator, code that builds options itself calls <see cref="ThrowIfInvalid"/>.
/// </summary>
public abstract class HoconOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        Problem(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>The first problem of <paramref name="options"/>, or null when there is none.</summary>
    public abstract string? Problem(TOptions options);

    /// <summary>Throws when <paramref name="options"/> has a problem.</summary>
    /// <exception cref="ArgumentException">The problem, in one line starting with the key.</exception>
    public void ThrowIfInvalid(TOptions options)
    {
        if (Problem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>The full key of <paramref name="property"/> (<c>actorrpc.ipc.port</c>).</summary>
    protected static string Key(string property) => HoconOptions.KeyOf<TOptions>(property);

    /// <summary>The usual message: <c>KEY: expected EXPECTED, but found 'FOUND'.</c></summary>
    protected static string Wrong(string property, string expected, object? found) => $"{Key(property)}: expected {expected}, but found '{found}'.";
}
