using System.Globalization;
using System.Text.Json;
using ActorRpc.Actors.Diagnostics;
using ActorRpc.Protocol;
using Akka.Actor;
using ActorRpc.Actors.Plugins;
using ActorRpc.Actors.Router;
using ActorRpc.Actors.Runtime;
using ActorRpc.PluginSdk;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Bots;

/// <summary>
/// One bot: lifecycle Stopped → Running ⇄ Paused (a timed pause resumes by itself), a broken configuration
/// makes it Failed. Its mailbox is its command queue: commands to one bot run one at a time, in order.
/// While Running it performs the loaded plugins' behaviours periodically and keeps their latest reports.
/// </summary>
/// <remarks>
/// A behaviour step runs off the actor's turn and reports back with a message: the bot answers commands while a step
/// runs, and the step returns its plugin lease in its own <c>finally</c>, whatever becomes of the bot (an actor
/// stopped while one of its handlers awaits never finishes that handler on Akka.NET, so nothing is held across an
/// await in a handler). Leaving Running, or stopping, cancels the steps in flight.
/// </remarks>
internal sealed class BotActor : UntypedActor, IWithTimers
{
    /// <summary>The bot's name.</summary>
    private readonly string _name;

    /// <summary>Where the plugins' behaviours are found.</summary>
    private readonly RoutingTableHolder _table;

    /// <summary>For behaviour failures.</summary>
    private readonly ILogger _log;

    /// <summary>Latest report per behaviour name, made on first report.</summary>
    private Dictionary<string, string>? _reports;

    /// <summary>Behaviour state per behaviour name, while running.</summary>
    private Dictionary<string, BehaviorState>? _behaviorStates;

    /// <summary>The behaviours whose periodic ticks run (timer keys), while running.</summary>
    private List<string>? _behaviorTimers;

    /// <summary>The step in flight per behaviour name (a tick that comes while one runs is skipped).</summary>
    private Dictionary<string, BehaviorStep>? _steps;

    /// <summary>The timer key of a timed pause's end (behaviour timers are keyed by behaviour name).</summary>
    private static readonly object s_resumeTimer = new();

    /// <summary>Stopped, Running, Paused or Failed (set through <see cref="State"/>, which keeps the bots metric).</summary>
    private BotState _state = BotState.Stopped;

    /// <summary>The usable configuration (null while none was applied, or while the file is broken).</summary>
    private BotConfig? _config;

    /// <summary>Why the configuration is unusable.</summary>
    private string? _configError;

    /// <summary>When a timed pause ends.</summary>
    private DateTimeOffset? _resumesAt;

    public BotActor(string name, RoutingTableHolder table, ILogger log)
    {
        _name = name;
        _table = table;
        _log = log;
        ActorRpcMetrics.Bots.Add(1, new KeyValuePair<string, object?>("state", StateTag(_state)));
    }

    /// <summary>The bot's timers (behaviour ticks, a timed pause's end): cancelling one also drops its tick already queued.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The lifecycle state; every change moves the bot between the metric's states.</summary>
    private BotState State
    {
        get => _state;
        set
        {
            if (value != _state)
            {
                ActorRpcMetrics.Bots.Add(-1, new KeyValuePair<string, object?>("state", StateTag(_state)));
                ActorRpcMetrics.Bots.Add(1, new KeyValuePair<string, object?>("state", StateTag(value)));
                _state = value;
            }
        }
    }

    private static string StateTag(BotState state) => state switch
    {
        BotState.Running => "running",
        BotState.Paused => "paused",
        BotState.Failed => "failed",
        _ => "stopped",
    };

    /// <summary>A command sent with its request's trace (<see cref="TracedMessage"/>) is handled under it: the bot's log lines carry the trace id.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        using var trace = TracedMessage.Enter(ref message);
        return base.AroundReceive(receive, message);
    }

    /// <summary>A switch rather than registered handlers: bots are many, and each handler costs memory per bot.</summary>
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case GetBotStatus:
                Sender.Tell(Snapshot());
                break;
            case ApplyBotConfig apply:
                OnApplyConfig(apply);
                break;
            // Arguments are evaluated left to right: `_state` is read before the operation changes it.
            case StartBot:
                Answer(_state, Start());
                break;
            case StopBot:
                Answer(_state, Stop());
                break;
            case PauseBot pause:
                Answer(_state, Pause(pause.ResumeAfter));
                break;
            case ResumeBot:
                Answer(_state, Resume());
                break;
            case TimedResume:
                if (_state == BotState.Paused)
                {
                    Resume();
                }
                break;
            case RefreshBehaviors:
                ArmBehaviors();
                break;
            case BehaviorTick tick:
                StartStep(tick.Behavior);
                break;
            case BehaviorStepped stepped:
                OnStepped(stepped);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        DisarmBehaviors();
        ActorRpcMetrics.Bots.Add(-1, new KeyValuePair<string, object?>("state", StateTag(_state)));
    }

    private void OnApplyConfig(ApplyBotConfig apply)
    {
        if (apply.Error is not null)
        {
            _config = null;
            _configError = apply.Error;
            if (_state != BotState.Failed)
            {
                _log.LogError("Bot {Bot} has a broken configuration and stops: {Error}", _name, apply.Error);
                Halt();
                State = BotState.Failed;
            }
            return;
        }
        _config = apply.Config;
        _configError = null;
        if (_state == BotState.Failed)
        {
            State = BotState.Stopped;
        }
    }

    /// <summary>Answers a lifecycle request with the state it left the bot in, and whether it changed that state.</summary>
    private void Answer(BotState before, BotReply reply) => Sender.Tell(reply with { State = _state, Changed = _state != before });

    private BotReply Start()
    {
        switch (_state)
        {
            case BotState.Failed:
                return new(CommandResultCode.Failure, $"Bot configuration is invalid: {_configError}");
            case BotState.Running or BotState.Paused:
                return new(CommandResultCode.Ok, "That bot instance is already running!");
            default:
                State = BotState.Running;
                ArmBehaviors();
                _log.LogInformation("Bot {Bot} started", _name);
                return new(CommandResultCode.Ok, "Done!");
        }
    }

    private BotReply Stop()
    {
        if (_state is BotState.Stopped or BotState.Failed)
        {
            return new(CommandResultCode.Ok, "That bot instance is already stopped!");
        }
        Halt();
        State = BotState.Stopped;
        _log.LogInformation("Bot {Bot} stopped", _name);
        return new(CommandResultCode.Ok, "Done!");
    }

    private BotReply Pause(TimeSpan? resumeAfter)
    {
        switch (_state)
        {
            case BotState.Stopped or BotState.Failed:
                return new(CommandResultCode.Ok, "That bot instance is not running!");
            case BotState.Paused:
                return new(CommandResultCode.Ok, "That bot instance is already paused!");
        }
        State = BotState.Paused;
        DisarmBehaviors();
        _log.LogInformation("Bot {Bot} paused{For}", _name, resumeAfter is { } span && span > TimeSpan.Zero ? $" for {span.TotalSeconds:0} s" : string.Empty);
        if (resumeAfter is { } delay && delay > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(s_resumeTimer, TimedResume.Instance, delay);
            _resumesAt = Context.System.Scheduler.Now + delay;
            return new(CommandResultCode.Ok, $"Done! Resuming in {FormatSeconds(delay)}.");
        }
        return new(CommandResultCode.Ok, "Done!");
    }

    private BotReply Resume()
    {
        if (_state != BotState.Paused)
        {
            return new(CommandResultCode.Ok, "That bot instance is not paused!");
        }
        CancelTimedResume();
        State = BotState.Running;
        ArmBehaviors();
        _log.LogInformation("Bot {Bot} resumed", _name);
        return new(CommandResultCode.Ok, "Done!");
    }

    /// <summary>Leaves Running/Paused: behaviours and any timed resume are cancelled, behaviour state reset.</summary>
    private void Halt()
    {
        DisarmBehaviors();
        CancelTimedResume();
        _behaviorStates = null;
    }

    private void CancelTimedResume()
    {
        Timers.Cancel(s_resumeTimer);
        _resumesAt = null;
    }

    private void ArmBehaviors()
    {
        DisarmBehaviors();
        if (_state != BotState.Running)
        {
            return;
        }
        var behaviors = _table.Current.Behaviors;
        if (behaviors.IsEmpty)
        {
            return;
        }
        _behaviorTimers = new List<string>(behaviors.Length);
        foreach (var behavior in behaviors)
        {
            Timers.StartPeriodicTimer(behavior.Name, new BehaviorTick(behavior), behavior.Interval, behavior.Interval);
            _behaviorTimers.Add(behavior.Name);
        }
    }

    /// <summary>Stops the ticks and cancels the steps in flight (their late reports are ignored).</summary>
    private void DisarmBehaviors()
    {
        if (_steps is not null)
        {
            foreach (var step in _steps.Values)
            {
                step.Cancel.Cancel();
            }
            _steps = null;
        }
        if (_behaviorTimers is null)
        {
            return;
        }
        foreach (var timer in _behaviorTimers)
        {
            Timers.Cancel(timer);
        }
        _behaviorTimers = null;
    }

    /// <summary>Starts one step of <paramref name="behavior"/>, unless the bot left Running, the plugin went away, or the last step still runs.</summary>
    private void StartStep(PluginBehavior behavior)
    {
        if (_state != BotState.Running || _steps?.ContainsKey(behavior.Name) == true ||
            !_table.Current.Plugins.TryGetValue(behavior.Plugin, out var plugin) || !plugin.TryAcquire())
        {
            return;
        }
        _behaviorStates ??= new(StringComparer.Ordinal);
        if (!_behaviorStates.TryGetValue(behavior.Name, out var state))
        {
            _behaviorStates[behavior.Name] = state = new BehaviorState();
        }
        var step = new BehaviorStep(new CancellationTokenSource(behavior.Interval), state);
        (_steps ??= new(StringComparer.Ordinal))[behavior.Name] = step;
        var settings = _config?.Settings ?? default;
        var context = new BotContext(_name, settings.ValueKind == JsonValueKind.Undefined ? BotConfig.Default.Settings : settings, state);
        _ = PerformAsync(behavior, plugin, context, step, Self);
    }

    /// <summary>One step, off the actor: reports back to <paramref name="bot"/> and always returns the plugin's lease.</summary>
    private static async Task PerformAsync(PluginBehavior behavior, LoadedPlugin plugin, BotContext context, BehaviorStep step, IActorRef bot)
    {
        try
        {
            var report = await behavior.Behavior(context, step.Cancel.Token).ConfigureAwait(false);
            bot.Tell(new BehaviorStepped(behavior.Name, step, report, null), ActorRefs.NoSender);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            bot.Tell(new BehaviorStepped(behavior.Name, step, null, ex), ActorRefs.NoSender);
        }
        finally
        {
            plugin.Release();
        }
    }

    /// <summary>A step ended: count it and keep its report, unless it was cancelled by leaving Running (then it is no longer the current one).</summary>
    private void OnStepped(BehaviorStepped stepped)
    {
        if (_steps is null || !_steps.TryGetValue(stepped.Behavior, out var current) || !ReferenceEquals(current, stepped.Step))
        {
            return;
        }
        _steps.Remove(stepped.Behavior);
        current.Cancel.Dispose();
        if (stepped.Error is { } error)
        {
            _log.LogWarning("Behaviour {Behavior} of bot {Bot} failed: {Error}", stepped.Behavior, _name, TextLimits.Describe(error));
            (_reports ??= new(StringComparer.Ordinal))[stepped.Behavior] = "error: " + error.Message;
            return;
        }
        current.State.Steps++;
        if (stepped.Report is not null)
        {
            (_reports ??= new(StringComparer.Ordinal))[stepped.Behavior] = stepped.Report;
        }
    }

    private BotSnapshot Snapshot() =>
        new(_name, _state, StatusText(), _config, _configError, _resumesAt,
            _reports is null ? new Dictionary<string, string>() : new Dictionary<string, string>(_reports));

    private string StatusText()
    {
        var text = _state switch
        {
            BotState.Running => $"Bot {_name} is running.",
            BotState.Paused when _resumesAt is { } at => $"Bot {_name} is paused, resuming in {FormatSeconds(at - Context.System.Scheduler.Now)}.",
            BotState.Paused => $"Bot {_name} is paused.",
            BotState.Failed => $"Bot {_name} has a broken configuration: {_configError}",
            _ => $"Bot {_name} is not running.",
        };
        return _reports is { Count: > 0 } && _state is BotState.Running or BotState.Paused
            ? $"{text} {string.Join("; ", _reports.Select(r => $"{r.Key}: {r.Value}"))}"
            : text;
    }

    private static string FormatSeconds(TimeSpan span) =>
        Math.Max(0, Math.Ceiling(span.TotalSeconds)).ToString("0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Time for a behaviour step.</summary>
    private sealed record BehaviorTick(PluginBehavior Behavior);

    /// <summary>A step in flight: its cancellation (the interval's timeout, or leaving Running) and the behaviour's state.</summary>
    private sealed record BehaviorStep(CancellationTokenSource Cancel, BehaviorState State);

    /// <summary>A step ended with a report (or none) or an error.</summary>
    private sealed record BehaviorStepped(string Behavior, BehaviorStep Step, string? Report, Exception? Error);

    /// <summary>The end of a timed pause (cancelling the timer drops one already queued, so it is never stale).</summary>
    private sealed class TimedResume
    {
        public static readonly TimedResume Instance = new();
    }
}
