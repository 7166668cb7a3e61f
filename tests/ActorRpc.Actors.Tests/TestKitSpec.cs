using Xunit.Sdk;

namespace ActorRpc.Actors.Tests;

public sealed class TestKitSpec : TestKit
{
    [Fact]
    public void ExpectMsg_failure_says_what_was_expected_and_what_arrived()
    {
        TestActor.Tell("not a number");

        var failure = Assert.Throws<XunitException>(() => ExpectMsg<int>());

        Assert.Contains("expected a Int32", failure.Message);
        Assert.Contains("not a number", failure.Message);
        Assert.Contains("into the wait", failure.Message);
    }

    [Fact]
    public void ExpectMsg_failure_on_timeout_says_nothing_arrived()
    {
        var failure = Assert.Throws<XunitException>(() => ExpectMsg<int>(TimeSpan.FromMilliseconds(20)));

        Assert.Contains("timed out after 20 ms", failure.Message);
        Assert.Contains("no message arrived", failure.Message);
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");

        var failure = Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromMilliseconds(50)));

        Assert.Contains("surprise", failure.Message);
    }

    [Fact]
    public void Within_bounds_the_expectations_inside_it()
    {
        var failure = Assert.Throws<XunitException>(() => Within(TimeSpan.FromMilliseconds(50), () => ExpectMsg<string>(TimeSpan.FromSeconds(10))));

        Assert.Contains("timed out after", failure.Message);
    }

    [Fact]
    public void AwaitCondition_reports_the_condition_that_did_not_hold()
    {
        var failure = Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(30), message: "the moon is blue"));

        Assert.Contains("the moon is blue", failure.Message);
    }

    [Fact]
    public void AwaitAssert_rethrows_the_last_assertion_failure()
    {
        var failure = Assert.ThrowsAny<XunitException>(() => AwaitAssert(() => Assert.Equal(1, 2), TimeSpan.FromMilliseconds(30)));

        Assert.Contains("Assert.Equal", failure.Message);
    }

    [Fact]
    public void ReceiveN_failure_lists_what_did_arrive()
    {
        TestActor.Tell("only one");

        var failure = Assert.Throws<XunitException>(() => ReceiveN(2, TimeSpan.FromMilliseconds(50)));

        Assert.Contains("got 1 of 2", failure.Message);
        Assert.Contains("only one", failure.Message);
    }

    [Fact]
    public void Probes_have_their_own_queues_and_reply_to_the_last_sender()
    {
        var probe = CreateTestProbe();

        probe.Ref.Tell("for the probe");
        probe.ExpectMsg("for the probe");
        probe.Reply("reply");

        ExpectMsg("reply");
        Assert.Equal(probe.Ref, LastSender);
    }

    [Fact]
    public void The_time_factor_dilates_timeouts()
    {
        Assert.Equal(TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(1).Ticks * TestKitTimeouts.TimeFactor)), Dilated(TimeSpan.FromSeconds(1)));
        Assert.True(TestKitTimeouts.TimeFactor >= 1);
    }

    [Fact]
    public void Dead_letters_and_unhandled_messages_are_published()
    {
        var deaf = Sys.ActorOf(Props.Create(() => new Deaf()));
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));

        deaf.Tell(42);
        Assert.Equal(42, ExpectMsg<UnhandledMessage>().Message);

        Watch(deaf);
        Sys.Stop(deaf);
        ExpectTerminated(deaf);
        deaf.Tell("to the dead");
        Assert.Equal("to the dead", ExpectMsg<DeadLetter>().Message);
    }

    private sealed class Deaf : ReceiveActor;
}
