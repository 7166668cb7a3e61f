using System.Buffers;
using ActorRpc.Protocol;

namespace ActorRpc.Client.Tests;

/// <summary>The protocol's framing, written once for the server, the client and actorrpc-run.</summary>
public sealed class WireFramesSpec
{
    [Theory]
    [InlineData((short)0, 0)]
    [InlineData((short)-2, 3)]
    [InlineData((short)32767, WireFrames.MaxMessageSize)]
    [InlineData((short)-4, -1)]
    public void A_header_reads_back_as_written_little_endian_with_zero_padding(short id, int size)
    {
        var bytes = new byte[WireFrames.HeaderLength];
        WireFrames.WriteHeader(bytes, id, size);

        Assert.True(WireFrames.TryReadHeader(new ReadOnlySequence<byte>(bytes), out var readId, out var readSize));
        Assert.Equal((id, size), (readId, readSize));
        Assert.Equal([(byte)id, (byte)(id >> 8), 0, 0, (byte)size, (byte)(size >> 8), (byte)(size >> 16), (byte)(size >> 24)], bytes);
    }

    [Fact]
    public void Padding_is_ignored_and_fewer_than_eight_bytes_are_no_header_yet()
    {
        byte[] bytes = [0x05, 0x00, 0xAA, 0xBB, 0x10, 0x00, 0x00, 0x00];

        Assert.True(WireFrames.TryReadHeader(new ReadOnlySequence<byte>(bytes), out var id, out var size));
        Assert.Equal((5, 16), ((int)id, size));
        Assert.False(WireFrames.TryReadHeader(new ReadOnlySequence<byte>(bytes, 0, 7), out _, out _));
    }

    [Fact]
    public void A_handshake_is_the_magic_then_the_version_and_another_magic_does_not_match()
    {
        var bytes = new byte[WireFrames.HandshakeLength];
        WireFrames.WriteHandshake(bytes, WireFrames.RequestMagic, 1);

        Assert.Equal("DFHack?\n"u8.ToArray().Concat(new byte[] { 1, 0, 0, 0 }), bytes);
        Assert.True(WireFrames.ReadHandshake(bytes, WireFrames.RequestMagic, out var version));
        Assert.Equal(1, version);
        Assert.False(WireFrames.ReadHandshake(bytes, WireFrames.ResponseMagic, out _));
        Assert.Throws<ArgumentException>(() => WireFrames.ReadHandshake(bytes.AsSpan(0, 11), WireFrames.RequestMagic, out _));
        Assert.Throws<ArgumentException>(() => WireFrames.WriteHandshake(bytes, "DFHack"u8, 1));
    }
}
