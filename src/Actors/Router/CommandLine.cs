namespace ActorRpc.Actors.Router;

/// <summary>
/// A command as typed: the command word and its arguments (ASF style: split on whitespace, an optional
/// leading <c>!</c> ignored). Arguments given separately (TCP RunCommand) are kept as they are.
/// </summary>
public sealed record CommandLine(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>Parses <paramref name="text"/>; null when it holds no command word.</summary>
    public static CommandLine? Parse(string? text)
    {
        var tokens = Split(text);
        return tokens.Length == 0 ? null : From(tokens[0], tokens[1..]);
    }

    /// <summary>A command from a word and separate arguments; null when the word is empty.</summary>
    public static CommandLine? From(string? command, IReadOnlyList<string> arguments)
    {
        var name = (command ?? string.Empty).Trim();
        if (name.StartsWith('!'))
        {
            name = name[1..];
        }
        return name.Length == 0 ? null : new CommandLine(name, arguments);
    }

    /// <summary>The arguments from <paramref name="index"/> on, joined by spaces (for free text such as a message).</summary>
    public string Rest(int index) => index >= Arguments.Count ? string.Empty : string.Join(' ', Arguments.Skip(index));

    /// <inheritdoc />
    public override string ToString() => Arguments.Count == 0 ? Name : $"{Name} {string.Join(' ', Arguments)}";

    private static string[] Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
