namespace ActorRpc.Node.Tests;

public sealed class NodeLifecycleSpec
{
    private static readonly TimeSpan s_startup = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(30));

    [Fact]
    public void A_node_logs_ready_and_shuts_down_gracefully_on_SIGTERM()
    {
        using var node = NodeProcess.Start("--node-name", "lifecycle-test");

        Assert.Contains("ActorRpc node lifecycle-test ready", node.WaitForLine("ready", s_startup));
        node.Terminate();

        node.WaitForLine("ActorRpc node lifecycle-test stopped", s_startup);
        Assert.Equal(0, node.WaitForExit(s_startup));
    }

    [Fact]
    public void Bad_configuration_stops_the_node_at_start_with_one_message_and_exit_code_2()
    {
        using var node = NodeProcess.Start("--ipc-port", "not-a-port");

        Assert.Equal(2, node.WaitForExit(s_startup));
        Assert.Equal("ActorRpc: configuration error: actorrpc.ipc.port: expected a whole number from 1 to 65535, but found 'not-a-port'.", node.Output.Trim());
    }

    [Fact]
    public void A_node_without_a_name_is_called_node1()
    {
        using var node = NodeProcess.Start();

        Assert.Contains("ActorRpc node node1 ready", node.WaitForLine("ready", s_startup));
        node.Terminate();
        Assert.Equal(0, node.WaitForExit(s_startup));
    }
}
