using ActorRpc.Actors.Kernel;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRpc.Testing;

/// <summary>
/// Base class of actor tests for xunit: each test gets a fresh <see cref="ActorSystem"/> (terminated when the
/// test ends) and a test actor that is the implicit sender of every send made from test code. Pass the
/// test's <see cref="ITestOutputHelper"/> to see the system's log in the test output.
/// </summary>
public abstract class TestKit : TestKitBase, IDisposable
{
    /// <summary>Source of probe names.</summary>
    private int _nextProbe;

    /// <summary>Set once disposed.</summary>
    private bool _disposed;

    /// <summary>A fresh system named "test", logging to <paramref name="output"/> when given.</summary>
    protected TestKit(ITestOutputHelper? output = null, ActorSystemSettings? settings = null)
        : base(CreateSystem(output, settings), "testActor")
    {
        Sys.DefaultSender = TestActor;
    }

    /// <summary>A probe: another test actor with its own expectations.</summary>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? $"probe-{Interlocked.Increment(ref _nextProbe)}");

    /// <summary>Terminates the system and waits for it (failing the test if it does not stop).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Terminates the system; subclasses release their own resources first, then call this.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }
        _disposed = true;
        if (!Sys.Terminate().Wait(TestKitTimeouts.DefaultShutdown))
        {
            throw new TimeoutException($"The actor system did not terminate within {TestKitTimeouts.DefaultShutdown}.");
        }
    }

    private static ActorSystem CreateSystem(ITestOutputHelper? output, ActorSystemSettings? settings)
    {
        settings ??= ActorSystemSettings.Default;
        if (output is not null)
        {
            settings = settings with { LoggerFactory = new XunitLoggerFactory(output) };
        }
        return ActorSystem.Create("test", settings);
    }
}
