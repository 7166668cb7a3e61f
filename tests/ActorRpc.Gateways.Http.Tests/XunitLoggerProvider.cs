using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The TestKit's xunit logger as a provider, for hosts built by the tests.</summary>
public sealed class XunitLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    private readonly XunitLoggerFactory _factory = new(output, LogLevel.Information);

    public ILogger CreateLogger(string categoryName) => _factory.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
