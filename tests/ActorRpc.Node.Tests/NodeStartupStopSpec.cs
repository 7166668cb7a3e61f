namespace ActorRpc.Node.Tests;

/// <summary>Ctrl+C or SIGTERM while the node is still starting: the real node process, signalled as each part comes up.</summary>
public sealed class NodeStartupStopSpec : NodeSpec
{
    public NodeStartupStopSpec()
    {
        // Many bots keep the core loading for a while after the gateways are up: the window the signal has to hit.
        for (var i = 0; i < 500; i++)
        {
            WriteBot($"bot{i:D3}");
        }
    }

    [Theory]
    [InlineData(false, "Loaded 500 bots")]
    [InlineData(false, "TCP RPC gateway listening")]
    [InlineData(false, "Plugin sample")]
    [InlineData(true, "TCP RPC gateway listening")]
    [InlineData(true, "Starting IPC server")]
    [InlineData(true, "IPC server ready!")]
    public void A_SIGTERM_during_start_up_stops_the_node_cleanly(bool server, string signalAfter)
    {
        string[] arguments = ["--rpc-port", FreePorts.Next().ToString(), "--bots-dir", _bots, "--owner-id", "1"];
        using var node = NodeProcess.Start(server ? [.. arguments, "--server", "--ipc-port", FreePorts.Next().ToString()] : arguments);
        node.WaitForLine(signalAfter, s_startup);

        node.Terminate();

        node.WaitForLine("ActorRpc node node1 stopped", s_startup);
        Assert.Equal(0, node.WaitForExit(s_startup));
        var lines = node.Output.Split(Environment.NewLine);
        Assert.DoesNotContain(lines, line => line.Contains("Unhandled exception", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal));
        // A node already stopping does not claim to be ready.
        var stopping = Array.FindIndex(lines, line => line.Contains("ActorRpc node node1 stopping", StringComparison.Ordinal));
        Assert.True(stopping >= 0, node.Output);
        Assert.DoesNotContain(lines[stopping..], line => line.Contains("ActorRpc node node1 ready", StringComparison.Ordinal));
    }
}
