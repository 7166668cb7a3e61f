namespace ActorRpc.Node.Tests;

/// <summary>What the specs of the node process share: a fresh bots directory per test, and how long a wait may take.</summary>
public abstract class NodeSpec : IDisposable
{
    protected static readonly TimeSpan s_startup = TestKitTimeouts.Dilated(TimeSpan.FromSeconds(30));

    protected readonly string _bots = Directory.CreateTempSubdirectory("actorrpc-node-").FullName;

    public void Dispose()
    {
        Directory.Delete(_bots, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes an enabled bot's file.</summary>
    protected void WriteBot(string name) => File.WriteAllText(Path.Combine(_bots, name + ".json"), """{"Enabled": true}""");
}
