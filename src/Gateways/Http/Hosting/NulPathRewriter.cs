using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace ActorRpc.Gateways.Http.Hosting;

/// <summary>
/// Kestrel answers a request whose path holds <c>%00</c> with a bare 400 before any middleware runs. This connection middleware
/// follows the HTTP/1.x framing of what a client sends (request line, headers, a Content-Length or chunked body) and rewrites
/// <c>%00</c> in a request line's path to <c>%C0%80</c>, NUL's overlong form, which Kestrel passes on still encoded: the request
/// then reaches the gateway, which refuses it with its usual 400 body, and the connection stays usable. At anything it does not
/// follow (an upgrade, HTTP/2, a malformed frame, an oversized line) it passes the rest of the connection through untouched.
/// </summary>
internal static class NulPathRewriter
{
    /// <summary>What a path's NUL becomes; the gateway refuses a raw target holding it.</summary>
    public const string Replacement = "%C0%80";

    /// <summary>The longest line held back while waiting for its end; longer ones are past Kestrel's limits anyway.</summary>
    private const int MaxLine = 64 * 1024;

    /// <summary>Wraps a connection's input with the rewriting pump.</summary>
    public static ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        var transport = connection.Transport;
        var pipe = new Pipe(new PipeOptions(useSynchronizationContext: false));
        connection.Transport = new Duplex(pipe.Reader, transport.Output);
        var pump = PumpAsync(transport.Input, pipe.Writer);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            // Kestrel is done with the connection: stop waiting for client bytes (or room in the pipe) nobody will use.
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            transport.Input.CancelPendingRead();
            await pump.ConfigureAwait(false);
            connection.Transport = transport;
        }
    };

    private static async Task PumpAsync(PipeReader input, PipeWriter output)
    {
        var framing = new Framing();
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }
                var buffer = result.Buffer;
                var consumed = framing.Process(buffer, output, final: result.IsCompleted);
                input.AdvanceTo(consumed, buffer.End);
                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (result.IsCompleted || flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // The transport failed (a reset): Kestrel sees the same failure on its side of the pipe.
            await output.CompleteAsync(ex).ConfigureAwait(false);
            return;
        }
        await output.CompleteAsync().ConfigureAwait(false);
    }

    /// <summary>Where the client's byte stream stands in HTTP/1.x framing.</summary>
    private enum State
    {
        RequestLine,
        Header,
        Body,
        ChunkSize,
        ChunkEnd,
        Trailer,
        PassThrough,
    }

    /// <summary>The framing of one connection's request stream.</summary>
    private sealed class Framing
    {
        /// <summary>Where the stream stands.</summary>
        private State _state = State.RequestLine;

        /// <summary>Body bytes left in the current body or chunk.</summary>
        private long _remaining;

        /// <summary>Where the stream goes after the current body bytes.</summary>
        private State _afterBody;

        /// <summary>The current request's Content-Length, if any.</summary>
        private long _contentLength;

        /// <summary>True when the current request's body is chunked.</summary>
        private bool _chunked;

        /// <summary>True when the current request asks for another protocol (a WebSocket): what follows may not be HTTP.</summary>
        private bool _upgrade;

        /// <summary>The start of a line (not a request line) already passed on, until its end arrives.</summary>
        private readonly ArrayBufferWriter<byte> _partial = new();

        /// <summary>Writes what of <paramref name="buffer"/> can be passed on (rewritten where needed) and returns how far; a request line without its end yet is held back.</summary>
        public SequencePosition Process(ReadOnlySequence<byte> buffer, PipeWriter output, bool final)
        {
            var reader = new SequenceReader<byte>(buffer);
            while (!reader.End)
            {
                if (_state == State.PassThrough)
                {
                    Write(output, reader.UnreadSequence);
                    reader.AdvanceToEnd();
                    break;
                }
                if (_state == State.Body)
                {
                    var take = Math.Min(_remaining, reader.Remaining);
                    Write(output, reader.UnreadSequence.Slice(0, take));
                    reader.Advance(take);
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = _afterBody;
                    }
                    continue;
                }
                if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                {
                    if (_partial.WrittenCount + reader.Remaining > MaxLine || (final && _state == State.RequestLine))
                    {
                        _state = State.PassThrough;
                        continue;
                    }
                    if (_state == State.RequestLine)
                    {
                        // Held back: it may need rewriting, and Kestrel cannot act on half a request line anyway.
                        break;
                    }
                    // Any other line goes on at once (Kestrel may need it to answer); its start is kept to read it when it ends.
                    foreach (var segment in reader.UnreadSequence)
                    {
                        _partial.Write(segment.Span);
                        output.Write(segment.Span);
                    }
                    reader.AdvanceToEnd();
                    break;
                }
                var rewritten = _state == State.RequestLine ? RewrittenRequestLine(Trimmed(line.IsSingleSegment ? line.FirstSpan : line.ToArray())) : null;
                if (rewritten is not null)
                {
                    output.Write(rewritten);
                    output.Write("\r\n"u8);
                }
                else
                {
                    Write(output, line);
                    output.Write("\n"u8);
                }
                if (_partial.WrittenCount > 0 || !line.IsSingleSegment)
                {
                    foreach (var segment in line)
                    {
                        _partial.Write(segment.Span);
                    }
                    Advance(Trimmed(_partial.WrittenSpan));
                    _partial.ResetWrittenCount();
                }
                else
                {
                    Advance(Trimmed(line.FirstSpan));
                }
            }
            return reader.Position;
        }

        /// <summary>A line without the carriage return before its line feed.</summary>
        private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

        /// <summary>Moves past one line (without its line break).</summary>
        private void Advance(ReadOnlySpan<byte> line)
        {
            switch (_state)
            {
                case State.RequestLine:
                    if (line.IsEmpty)
                    {
                        // Stray line breaks between requests are tolerated by servers.
                        return;
                    }
                    _contentLength = 0;
                    _chunked = false;
                    _upgrade = false;
                    _state = line.StartsWith("PRI * HTTP/2"u8) ? State.PassThrough : State.Header;
                    return;
                case State.Header:
                    if (line.IsEmpty)
                    {
                        _state = _upgrade ? State.PassThrough
                            : _chunked ? State.ChunkSize
                            : _contentLength > 0 ? Body(_contentLength, State.RequestLine)
                            : State.RequestLine;
                        return;
                    }
                    Header(line);
                    return;
                case State.ChunkSize:
                    var size = line.IndexOf((byte)';') is var semicolon and >= 0 ? line[..semicolon] : line;
                    _state = !long.TryParse(Encoding.ASCII.GetString(size).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length) || length < 0
                        ? State.PassThrough
                        : length == 0 ? State.Trailer : Body(length, State.ChunkEnd);
                    return;
                case State.ChunkEnd:
                    _state = line.IsEmpty ? State.ChunkSize : State.PassThrough;
                    return;
                case State.Trailer:
                    _state = line.IsEmpty ? State.RequestLine : State.Trailer;
                    return;
            }
        }

        private void Header(ReadOnlySpan<byte> line)
        {
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                _state = State.PassThrough;
                return;
            }
            var name = Encoding.ASCII.GetString(line[..colon]).Trim();
            var value = Encoding.ASCII.GetString(line[(colon + 1)..]).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _contentLength))
                {
                    _state = State.PassThrough;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // Only a final "chunked" frames the body; anything else Kestrel refuses, and we stop following.
                _chunked = value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
                if (!_chunked)
                {
                    _state = State.PassThrough;
                }
            }
            else if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                _upgrade = true;
            }
        }

        private State Body(long length, State after)
        {
            _remaining = length;
            _afterBody = after;
            return State.Body;
        }

        /// <summary>The request line with every <c>%00</c> of its path replaced, or null when it has none.</summary>
        private static byte[]? RewrittenRequestLine(ReadOnlySpan<byte> line)
        {
            var start = line.IndexOf((byte)' ') + 1;
            var length = start > 0 ? line[start..].IndexOf((byte)' ') : -1;
            if (length <= 0)
            {
                return null;
            }
            var target = line.Slice(start, length);
            var path = target.IndexOf((byte)'?') is var query and >= 0 ? target[..query] : target;
            if (path.IndexOf("%00"u8) < 0)
            {
                return null;
            }
            var text = Encoding.Latin1.GetString(line);
            var pathText = Encoding.Latin1.GetString(path);
            return Encoding.Latin1.GetBytes(string.Concat(text.AsSpan(0, start), pathText.Replace("%00", Replacement, StringComparison.Ordinal), text.AsSpan(start + path.Length)));
        }

        private static void Write(PipeWriter output, ReadOnlySequence<byte> bytes)
        {
            foreach (var segment in bytes)
            {
                output.Write(segment.Span);
            }
        }
    }

    /// <summary>The connection's transport with the rewritten input.</summary>
    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
