using ActorRpc.Actors.Kernel;

namespace ActorRpc.Testing;

/// <summary>A message the test actor received, with its sender and when it arrived.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender.</param>
/// <param name="ReceivedAt">When the test actor got it.</param>
public sealed record ReceivedMessage(object Message, IActorRef Sender, DateTimeOffset ReceivedAt);
