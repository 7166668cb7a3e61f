using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Kernel.Dispatch;

internal sealed partial class ActorCell
{
    /// <summary>Failed and waiting for the supervisor: only system messages are processed.</summary>
    private bool _suspended;

    /// <summary>Stopping: children are being stopped, user messages are no longer processed.</summary>
    private volatile bool _terminating;

    /// <summary>Stopped: <c>PostStop</c> ran and the mailbox is closed.</summary>
    private bool _terminated;

    /// <summary>The message whose processing failed, given to <c>PreRestart</c>.</summary>
    private object? _failedMessage;

    /// <summary>Set while a restart waits for the children stopped by <c>PreRestart</c>.</summary>
    private Exception? _recreateCause;

    /// <summary>A child whose failure this actor escalated; resumed along with this actor.</summary>
    private InternalActorRef? _escalatedChild;

    /// <summary>Completed once the actor has stopped; made on first request.</summary>
    private TaskCompletionSource? _whenStopped;

    /// <summary>The strategy of the current instance, asked once per instance.</summary>
    private SupervisorStrategy? _strategy;

    /// <summary>Completes when this actor has stopped (at once if it already has).</summary>
    public Task WhenStopped
    {
        get
        {
            lock (_childrenLock)
            {
                _whenStopped ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_terminated)
                {
                    _whenStopped.TrySetResult();
                }
                return _whenStopped.Task;
            }
        }
    }

    /// <summary>Suspends this actor and asks the parent what to do about <paramref name="cause"/>.</summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_terminating || _terminated)
        {
            _system.KernelLog.LogError(cause, "Actor {Path} failed while stopping", Path);
            return;
        }
        if (_suspended)
        {
            _system.KernelLog.LogError(cause, "Actor {Path} failed again while waiting for its supervisor", Path);
            return;
        }
        _suspended = true;
        _failedMessage = _current.Message;
        _parent.SendSystemMessage(new Failed(_self, cause));
    }

    private void HandleChildFailed(Failed failed)
    {
        if (_terminating || !TryGetChild(failed.Child, out var stats) || stats.IsStopping)
        {
            return;
        }
        _strategy ??= _actor?.SupervisorStrategyInternal() ?? _system.Settings.GuardianSupervisorStrategy;
        var directive = _strategy.Decide(failed.Cause);
        if (directive == Directive.Escalate && _actor is GuardianActor)
        {
            // Nothing above a guardian should decide about user actors: the failed one stops, the system stays.
            directive = Directive.Stop;
        }
        _strategy.LogFailure(_system.KernelLog, failed.Child, failed.Cause, directive);
        switch (directive)
        {
            case Directive.Resume:
                failed.Child.SendSystemMessage(Resume.Instance);
                break;
            case Directive.Restart:
                if (stats.RequestRestartPermission(_strategy.MaxNumberOfRetries, _strategy.WithinTimeRange, _system.TimeProvider))
                {
                    failed.Child.SendSystemMessage(new Recreate(failed.Cause));
                }
                else
                {
                    _system.KernelLog.LogError("Actor {Path} exceeded {Max} restarts within {Window} and is stopped", failed.Child.Path, _strategy.MaxNumberOfRetries, _strategy.WithinTimeRange);
                    Stop(failed.Child);
                }
                break;
            case Directive.Stop:
                Stop(failed.Child);
                break;
            case Directive.Escalate:
                _escalatedChild = failed.Child;
                HandleInvokeFailure(failed.Cause);
                break;
        }
    }

    private void ResumeAfterFailure()
    {
        if (_terminating)
        {
            return;
        }
        if (_actor is null)
        {
            // Nothing to resume when the start itself failed: start again.
            BeginRecreate(new InvalidOperationException($"Resumed {Path} before it started"));
            return;
        }
        _suspended = false;
        _failedMessage = null;
        if (_escalatedChild is { } child)
        {
            _escalatedChild = null;
            child.SendSystemMessage(Resume.Instance);
        }
    }

    private void BeginRecreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }
        if (_actor is { } old)
        {
            try
            {
                old.AroundPreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                _system.KernelLog.LogError(ex, "PreRestart of {Path} failed", Path);
            }
            _stash?.UnstashAllForRestart();
            _actor = null;
        }
        _escalatedChild = null;
        if (HasStoppingChildren())
        {
            _recreateCause = cause;
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _recreateCause = null;
        _strategy = null;
        _suspended = false;
        _failedMessage = null;
        try
        {
            var actor = NewActor();
            actor.AroundPostRestart(cause);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(new ActorInitializationException(_self, $"Actor {Path} failed to restart: {ex.Message}", ex));
        }
    }

    private void BeginTerminate()
    {
        lock (_childrenLock)
        {
            if (_terminating)
            {
                return;
            }
            _terminating = true;
        }
        CancelReceiveTimeout();
        if (StopAllChildren().Count == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_actor is { } actor)
        {
            try
            {
                actor.AroundPostStop();
            }
            catch (Exception ex)
            {
                _system.KernelLog.LogError(ex, "PostStop of {Path} failed", Path);
            }
        }
        _actor = null;
        _heldTask = null;
        _behaviors.Clear();
        lock (_childrenLock)
        {
            _terminated = true;
        }
        _stash?.DrainTo(ToDeadLetters);
        if (_unstashed is not null)
        {
            while (_unstashed.TryDequeue(out var envelope))
            {
                ToDeadLetters(envelope);
            }
        }
        _mailbox.Close(ToDeadLetters, HandleSystemMessageAfterStop);
        _system.Mailboxes.Remove(_mailbox);
        TellWatchersAndUnwatchAll();
        // Free the name at once: a parent awaiting this stop inside an async handler can reuse it before it processes ChildTerminated.
        (_parent as LocalActorRef)?.Cell.ReleaseChildName(_self);
        _parent.SendSystemMessage(new ChildTerminated(_self));
        lock (_childrenLock)
        {
            _whenStopped?.TrySetResult();
        }
    }
}
