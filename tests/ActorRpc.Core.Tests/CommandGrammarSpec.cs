using ActorRpc.Actors.Bots;
using ActorRpc.Actors.Router;

namespace ActorRpc.Core.Tests;

public sealed class CommandGrammarSpec
{
    private static readonly string[] s_bots = ["alpha", "bravo", "charlie", "delta", "echo"];

    [Theory]
    [InlineData("status", "status", "")]
    [InlineData("!status alpha", "status", "alpha")]
    [InlineData("  start   alpha,bravo  ", "start", "alpha,bravo")]
    [InlineData("pause alpha 30", "pause", "alpha|30")]
    [InlineData("STATUS ASF", "STATUS", "ASF")]
    public void Command_lines_split_into_word_and_arguments(string text, string name, string arguments)
    {
        var line = CommandLine.Parse(text);

        Assert.NotNull(line);
        Assert.Equal(name, line.Name);
        Assert.Equal(arguments.Length == 0 ? [] : arguments.Split('|'), line.Arguments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!")]
    [InlineData(null)]
    public void A_line_without_a_command_word_is_no_command(string? text)
    {
        Assert.Null(CommandLine.Parse(text));
    }

    [Theory]
    [InlineData("alpha", "alpha", "")]
    [InlineData("alpha,charlie", "alpha,charlie", "")]
    [InlineData("charlie,alpha,alpha", "alpha,charlie", "")]
    [InlineData("ASF", "alpha,bravo,charlie,delta,echo", "")]
    [InlineData("asf", "alpha,bravo,charlie,delta,echo", "")]
    [InlineData("@ALL", "alpha,bravo,charlie,delta,echo", "")]
    [InlineData("bravo..delta", "bravo,charlie,delta", "")]
    [InlineData("delta..bravo", "bravo,charlie,delta", "")]
    [InlineData("r!^[a-c]", "alpha,bravo,charlie", "")]
    [InlineData("r!a$", "alpha,delta", "")]
    [InlineData("Alpha", "", "Alpha")]
    [InlineData("alpha,zulu", "alpha", "zulu")]
    [InlineData("alpha..zulu", "", "zulu")]
    [InlineData("r!^z", "", "")]
    public void Bot_lists_resolve_like_ASF(string selector, string expected, string unknown)
    {
        var selection = BotSelector.Resolve(selector, s_bots, TimeSpan.FromMilliseconds(100));

        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), selection.Names);
        Assert.Equal(unknown.Length == 0 ? [] : unknown.Split(','), selection.Unknown);
        Assert.Null(selection.Error);
    }

    [Fact]
    public void A_malformed_regular_expression_is_reported()
    {
        var selection = BotSelector.Resolve("r![unclosed", s_bots, TimeSpan.FromMilliseconds(100));

        Assert.Empty(selection.Names);
        Assert.StartsWith("Invalid regular expression '[unclosed'", selection.Error);
    }

    [Fact]
    public void A_catastrophic_regular_expression_is_abandoned_within_its_time_bound()
    {
        var names = new[] { new string('a', 5000) + "!" };

        var selection = BotSelector.Resolve("r!^(a+)+$", names, TimeSpan.FromMilliseconds(50));

        Assert.Contains("took longer than 50 ms", selection.Error);
    }

    [Theory]
    [InlineData("alpha", true)]
    [InlineData("Bot-1_x", true)]
    [InlineData(".hidden", false)]
    [InlineData("ASF", false)]
    [InlineData("asf", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a,b", false)]
    [InlineData("a..b", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    public void Bot_names_follow_the_ASF_rules(string name, bool valid)
    {
        Assert.Equal(valid, BotNames.IsValid(name));
    }
}
