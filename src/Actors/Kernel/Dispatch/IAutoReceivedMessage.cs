namespace ActorRpc.Actors.Kernel.Dispatch;

/// <summary>User messages the cell handles itself before (or instead of) the actor's behaviour.</summary>
internal interface IAutoReceivedMessage;
