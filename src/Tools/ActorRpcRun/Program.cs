using ActorRpc.Tools.Run;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the call and says QUIT; a second one kills the process.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
return await RunTool.RunAsync(
    args,
    Console.Out,
    Console.Error,
    Environment.GetEnvironmentVariables(),
    Environment.CurrentDirectory,
    stdoutIsTerminal: !Console.IsOutputRedirected,
    cancellation.Token);
