namespace ActorRpc.Configuration.Tests;

/// <summary>Shortcuts for the tests: parse text named "test.conf" and read values by path.</summary>
internal static class Hocon
{
    public const string Source = "test.conf";

    public static HoconDocument Parse(string text) => HoconParser.Parse(text, Source);

    public static HoconValue Value(string text, string path)
    {
        Assert.True(Parse(text).TryGetValue(path, out var value), $"'{path}' is not defined");
        return value;
    }

    public static string? String(string text, string path) => Parse(text).GetString(path);

    public static string Json(string text) => Parse(text).Root.ToString();

    public static HoconParseException Error(string text) => Assert.Throws<HoconParseException>(() => Parse(text));
}
