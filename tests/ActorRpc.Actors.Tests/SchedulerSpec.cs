namespace ActorRpc.Actors.Tests;

public sealed class SchedulerSpec : TestKit
{
    [Fact]
    public void ScheduleTellOnce_delivers_once_after_the_delay()
    {
        var started = DateTime.UtcNow;

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "later", null);

        ExpectMsg("later");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(90));
        ExpectNoMsg();
    }

    [Fact]
    public void ScheduleTellRepeatedly_delivers_until_cancelled()
    {
        var schedule = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "tick", null);

        ReceiveN(3);
        schedule.Cancel();
        Assert.True(schedule.IsCancellationRequested);

        // Ticks queued before the cancel (or one past its check during it) still land at once; after that, silence.
        ReceiveWhile(m => m is "tick", idle: TimeSpan.FromMilliseconds(60));
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public void A_cancelled_one_shot_never_fires()
    {
        var schedule = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "never", null);

        schedule.Cancel();

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void The_sender_given_to_the_scheduler_is_the_sender_of_the_message()
    {
        var probe = CreateTestProbe();

        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(1), TestActor, "from probe", probe.Ref);

        ExpectMsg("from probe");
        Assert.Equal(probe.Ref, LastSender);
    }
}
