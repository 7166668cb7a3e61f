using ActorRpc.Actors.Router;

namespace ActorRpc.Core.Tests;

/// <summary>The router's suspension gate on its own: who waits, in what order, and what lets them go.</summary>
public sealed class SuspensionGateSpec
{
    private readonly SuspensionGate _gate = new();

    [Fact]
    public void Nothing_waits_while_no_session_holds_a_suspension()
    {
        var session = _gate.OpenSession();

        Assert.True(_gate.AdmitAsync(session, changes: true, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(_gate.AdmitAsync(SuspensionGate.Anonymous, changes: true, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void The_holder_changes_freely_and_reads_of_others_pass_while_their_changes_wait()
    {
        var holder = _gate.OpenSession();
        var other = _gate.OpenSession();
        _gate.SetDepth(holder, 1);

        Assert.True(_gate.AdmitAsync(holder, changes: true, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(_gate.AdmitAsync(other, changes: false, CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(_gate.AdmitAsync(SuspensionGate.Anonymous, changes: false, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(_gate.AdmitAsync(other, changes: true, CancellationToken.None).IsCompleted);
        Assert.False(_gate.AdmitAsync(SuspensionGate.Anonymous, changes: true, CancellationToken.None).IsCompleted);
        Assert.True(_gate.IsSuspended);
    }

    [Fact]
    public async Task A_sessions_waiting_commands_are_let_go_one_at_a_time_in_order_as_each_starts()
    {
        var holder = _gate.OpenSession();
        var session = _gate.OpenSession();
        _gate.SetDepth(holder, 1);
        var change = _gate.AdmitAsync(session, changes: true, CancellationToken.None);
        var read = _gate.AdmitAsync(session, changes: false, CancellationToken.None);
        Assert.Equal(2, _gate.Waiting);

        _gate.SetDepth(holder, 0);

        await change.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(read.IsCompleted);
        _gate.Started(session);
        await read.WaitAsync(TimeSpan.FromSeconds(10));
        _gate.Started(session);
        Assert.Equal(0, _gate.Waiting);
        Assert.True(_gate.AdmitAsync(session, changes: false, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_and_the_sessions_next_command_goes_on()
    {
        var holder = _gate.OpenSession();
        var session = _gate.OpenSession();
        _gate.SetDepth(holder, 1);
        using var cancel = new CancellationTokenSource();
        var change = _gate.AdmitAsync(session, changes: true, cancel.Token);
        var read = _gate.AdmitAsync(session, changes: false, CancellationToken.None);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => change);
        await read.WaitAsync(TimeSpan.FromSeconds(10));
        _gate.Started(session);
        Assert.Equal(0, _gate.Waiting);
    }

    [Fact]
    public async Task Nested_suspensions_hold_until_the_depth_is_back_to_zero()
    {
        var holder = _gate.OpenSession();
        var other = _gate.OpenSession();
        _gate.SetDepth(holder, 2);
        var change = _gate.AdmitAsync(other, changes: true, CancellationToken.None);

        _gate.SetDepth(holder, 1);
        Assert.False(change.IsCompleted);
        _gate.SetDepth(holder, 0);

        await change.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
