namespace ActorRpc.Protocol;

/// <summary>The result of a command or method call; the numbers are DFHack's <c>command_result</c> values.</summary>
public enum CommandResultCode
{
    /// <summary>CR_LINK_FAILURE: the call could not reach its target or lost it (node gone, overloaded).</summary>
    LinkFailure = -3,

    /// <summary>CR_NEEDS_CONSOLE: needs an interactive console.</summary>
    NeedsConsole = -2,

    /// <summary>CR_NOT_IMPLEMENTED: no such command.</summary>
    NotImplemented = -1,

    /// <summary>CR_OK: success.</summary>
    Ok = 0,

    /// <summary>CR_FAILURE: failed.</summary>
    Failure = 1,

    /// <summary>CR_WRONG_USAGE: bad arguments.</summary>
    WrongUsage = 2,

    /// <summary>CR_NOT_FOUND: the target (bot, plugin, function) does not exist.</summary>
    NotFound = 3,
}
