using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace ActorRpc.Client;

public sealed partial class RemoteClient
{
    /// <summary>Writes queued frames in order, one flush per batch, until the queue is completed; never throws.</summary>
    private async Task WriteLoopAsync()
    {
        var writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        var frames = _outgoing.Reader;
        var token = _closing.Token;
        try
        {
            while (await frames.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (frames.TryRead(out var frame))
                {
                    writer.Write(frame);
                }
                var flushed = await writer.FlushAsync(token).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    Drop("the server stopped reading", null);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Dropped or disposed: nothing more to write.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            Drop($"writing failed: {ex.Message}", ex);
        }
        try
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Nothing was left to write, or the connection is gone anyway.
        }
    }
}
