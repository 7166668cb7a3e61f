namespace ActorRpc.Actors.Tests;

public sealed class AskSpec : TestKit
{
    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        var reply = await echo.Ask<string>("hello", TimeSpan.FromSeconds(3));

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_faults_with_AskTimeoutException_when_no_reply_arrives()
    {
        var silent = Sys.ActorOf(Props.Create(() => new SilentActor(TestActor)));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("anyone?", TimeSpan.FromMilliseconds(50)));

        Assert.Contains(silent.Path.ToString(), error.Message);
    }

    [Fact]
    public async Task A_reply_after_the_timeout_becomes_a_dead_letter()
    {
        var silent = Sys.ActorOf(Props.Create(() => new SilentActor(TestActor)));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        await Assert.ThrowsAsync<AskTimeoutException>(() => silent.Ask<string>("late", TimeSpan.FromMilliseconds(50)));
        var asker = ExpectMsg<AskedBy>().Asker;
        asker.Tell("too late", null);

        var dead = ExpectMsg<DeadLetter>();
        Assert.Equal("too late", dead.Message);
        Assert.Same(asker, dead.Recipient);
    }

    [Fact]
    public async Task A_failure_reply_faults_the_ask_with_its_cause()
    {
        var failing = Sys.ActorOf(Props.Create(() => new FailureReplier()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Ask<string>("x", TimeSpan.FromSeconds(3)));

        Assert.Equal("refused", error.Message);
    }

    [Fact]
    public async Task A_reply_of_another_type_faults_with_a_clear_cast_error()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("text", TimeSpan.FromSeconds(3)));

        Assert.Contains("expected a Int32", error.Message);
    }

    [Fact]
    public async Task A_cancelled_ask_faults_with_TaskCanceledException()
    {
        var silent = Sys.ActorOf(Props.Create(() => new SilentActor(TestActor)));
        using var cancellation = new CancellationTokenSource();

        var ask = silent.Ask<string>("wait", TimeSpan.FromSeconds(30), cancellation.Token);
        ExpectMsg<AskedBy>();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public void Ask_requires_a_positive_finite_timeout()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());

        // Refused synchronously, before anything is sent.
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = echo.Ask("x", TimeSpan.Zero); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = echo.Ask("x", Timeout.InfiniteTimeSpan); });
    }

    private sealed record AskedBy(IActorRef Asker);

    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor(IActorRef observer) => ReceiveAny(_ => observer.Tell(new AskedBy(Sender)));
    }

    private sealed class FailureReplier : ReceiveActor
    {
        public FailureReplier() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("refused"))));
    }
}
