namespace ActorRpc.Actors.Tests;

public sealed class ActorPathSpec : TestKit
{
    [Fact]
    public void Top_level_and_child_actors_have_user_paths()
    {
        var router = Sys.ActorOf(Props.Create(() => new SupervisorActor(SupervisorStrategy.DefaultStrategy)), "router");
        router.Tell(Props.Create<EchoActor>());
        var child = ExpectMsg<IActorRef>();

        Assert.Equal("/user/router", router.Path.ToStringWithoutAddress());
        Assert.Equal("actorrpc://test/user/router", router.Path.ToString());
        Assert.StartsWith("/user/router/$", child.Path.ToStringWithoutAddress());
        Assert.Equal(["user", "router", child.Path.Name], child.Path.Elements);
    }

    [Fact]
    public void A_taken_name_is_refused_until_its_actor_has_stopped()
    {
        var first = Sys.ActorOf(Props.Create<EchoActor>(), "bot-alpha");

        var refused = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "bot-alpha"));
        Assert.Contains("not unique", refused.Message);

        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitAssert(() => Sys.ActorOf(Props.Create<EchoActor>(), "bot-alpha"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$reserved")]
    [InlineData("a/b")]
    [InlineData("with space")]
    public void Malformed_names_are_refused(string name)
    {
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), name));
    }

    [Fact]
    public void Generated_names_are_unique()
    {
        var names = Enumerable.Range(0, 100).Select(_ => Sys.ActorOf(Props.Create<EchoActor>()).Path.Name).ToList();

        Assert.Equal(100, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith("$", n));
    }

    [Fact]
    public void Creating_an_actor_with_new_outside_props_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EchoActor());
        Assert.Contains("ActorOf", error.Message);
    }
}
