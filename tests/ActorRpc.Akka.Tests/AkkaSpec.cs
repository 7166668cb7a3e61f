using ActorRpc.Testing;
using Xunit.Abstractions;

namespace ActorRpc.Akka.Tests;

/// <summary>
/// The contract specs run on the actor system the product runs on: Akka.TestKit.Xunit2 through
/// <see cref="ActorRpcTestKit"/> (the node's Akka settings; <c>ACTORRPC_TEST_TIMEFACTOR</c> as <c>akka.test.timefactor</c>).
/// </summary>
public abstract class AkkaSpec(ITestOutputHelper output) : ActorRpcTestKit(output);
