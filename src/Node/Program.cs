using ActorRpc.Node;

return await NodeProgram.RunAsync(args).ConfigureAwait(false);
