using ActorRpc.Actors.Bots;

namespace ActorRpc.Core.Tests;

public sealed class BotNamesSpec
{
    [Theory]
    [InlineData("\u202Eevil", "U+202E, a format character (Cf)")]
    [InlineData("ev\u200Bil", "U+200B, a format character (Cf)")]
    [InlineData("ev\u200Dil", "U+200D, a format character (Cf)")]
    [InlineData("live\u2066", "U+2066, a format character (Cf)")]
    [InlineData("bell\u0007", "U+0007, a control character (Cc)")]
    [InlineData("del\u007F", "U+007F, a control character (Cc)")]
    [InlineData("nul\0", "U+0000, a control character (Cc)")]
    [InlineData("c1\u0085", "U+0085, a control character (Cc)")]
    [InlineData("gap\u0378", "U+0378, an unassigned code point (Cn)")]
    [InlineData("plane\U000E0001", "U+E0001, a format character (Cf)")]
    public void A_name_with_a_control_format_or_unassigned_character_is_refused_naming_the_character_and_the_rule(string name, string character)
    {
        var reason = BotNames.Validate(name);

        Assert.NotNull(reason);
        Assert.Contains($"contains {character}", reason);
        Assert.Contains("control (Cc), format (Cf", reason);
        Assert.Contains("unassigned (Cn)", reason);
        Assert.False(BotNames.IsValid(name));
    }

    // Surrogates are passed as numbers: xunit would replace a lone surrogate in an InlineData string before the test sees it.
    [Theory]
    [InlineData("lone", 0xD800, "")]
    [InlineData("", 0xDC00, "lone")]
    [InlineData("mid", 0xDBFF, "dle")]
    public void A_name_with_an_unpaired_surrogate_is_refused(string before, int surrogate, string after)
    {
        var name = before + (char)surrogate + after;

        var reason = BotNames.Validate(name);

        Assert.NotNull(reason);
        Assert.Contains("an unpaired surrogate (U+D", reason);
    }

    [Theory]
    [InlineData("rocket\U0001F680")]
    [InlineData("\U0001F600")]
    [InlineData("机器人")]
    [InlineData("Zoë")]
    [InlineData("Ångström-7")]
    [InlineData("\U00020000")]
    [InlineData("alpha_beta")]
    public void A_name_of_visible_letters_symbols_and_supplementary_characters_is_accepted(string name) =>
        Assert.Null(BotNames.Validate(name));

    [Fact]
    public void The_refusal_shows_hidden_characters_escaped_never_raw()
    {
        var reason = BotNames.Validate("\u202Eevil\uD800\U000E0001");

        Assert.NotNull(reason);
        Assert.Contains(@"'\u202Eevil\uD800\U000E0001'", reason);
        Assert.DoesNotContain('\u202E', reason);
        Assert.DoesNotContain('\uD800', reason);
    }

    [Fact]
    public void Escape_leaves_visible_text_alone_and_writes_hidden_characters_as_escapes()
    {
        Assert.Equal("Zoë\U0001F680", BotNames.Escape("Zoë\U0001F680"));
        Assert.Equal(@"\u202Eevil\u0000\U000E0001\uDC00", BotNames.Escape("\u202Eevil\0\U000E0001\uDC00"));
    }
}
