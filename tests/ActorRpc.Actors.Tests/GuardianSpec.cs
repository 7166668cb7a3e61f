namespace ActorRpc.Actors.Tests;

public sealed class GuardianSpec() : TestKit(settings: ActorSystemSettings.Default with
{
    GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate),
})
{
    [Fact]
    public void A_guardian_strategy_that_escalates_stops_the_failed_top_level_actor_not_the_system()
    {
        var failing = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)));
        Watch(failing);

        failing.Tell(new InvalidOperationException("nobody above the guardian"));

        ExpectTerminated(failing);
        var survivor = Sys.ActorOf(Props.Create<EchoActor>());
        survivor.Tell("alive");
        ExpectMsg("alive");
    }
}
