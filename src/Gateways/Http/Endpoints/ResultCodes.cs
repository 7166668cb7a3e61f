using ActorRpc.PluginSdk;
using ActorRpc.Protocol;

namespace ActorRpc.Gateways.Http.Endpoints;

/// <summary>Result codes as the protocol names them.</summary>
internal static class ResultCodes
{
    /// <summary>DFHack's name of <paramref name="code"/>, e.g. <c>CR_WRONG_USAGE</c>.</summary>
    public static string Name(CommandResultCode code) => code switch
    {
        CommandResultCode.LinkFailure => "CR_LINK_FAILURE",
        CommandResultCode.NeedsConsole => "CR_NEEDS_CONSOLE",
        CommandResultCode.NotImplemented => "CR_NOT_IMPLEMENTED",
        CommandResultCode.Ok => "CR_OK",
        CommandResultCode.Failure => "CR_FAILURE",
        CommandResultCode.WrongUsage => "CR_WRONG_USAGE",
        CommandResultCode.NotFound => "CR_NOT_FOUND",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
