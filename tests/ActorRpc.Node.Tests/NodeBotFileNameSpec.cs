namespace ActorRpc.Node.Tests;

/// <summary>Bot files whose names hold hidden characters, in the bots directory of the real node process.</summary>
public sealed class NodeBotFileNameSpec : NodeSpec
{
    [Fact]
    public void A_bot_file_named_with_a_hidden_character_is_skipped_and_logged_once_escaped_while_the_others_load()
    {
        WriteBot("alpha");
        WriteBot("\u202Eevil");
        WriteBot("beta");
        using var node = NodeProcess.Start("--rpc-port", FreePorts.Next().ToString(), "--bots-dir", _bots, "--owner-id", "1");

        var skipped = node.WaitForLine("Skipping bot file", s_startup);
        Assert.Contains(@"\u202Eevil.json", skipped);
        Assert.Contains("U+202E, a format character (Cf)", skipped);
        Assert.Contains(" warn: ", skipped);
        Assert.Contains("(actor system node1 up; 2 bots,", node.WaitForLine("ready", s_startup));

        // Dropped while running, then written again: still one line; a valid file after it shows the watcher got past both.
        WriteBot("ev\u200Bil");
        WriteBot("ev\u200Bil");
        WriteBot("gamma");
        node.WaitForLine("Bot gamma added", s_startup);

        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
        var lines = node.Output.Split(Environment.NewLine);
        Assert.Single(lines, line => line.Contains(@"ev\u200Bil.json", StringComparison.Ordinal) && line.Contains("Skipping bot file", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("Skipping bot file", StringComparison.Ordinal) && line.Contains(@"\u202Eevil.json", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains('\u202E', StringComparison.Ordinal) || line.Contains('\u200B', StringComparison.Ordinal));
    }
}
