using ActorRpc.Messages.Dfproto;
using Google.Protobuf;

namespace ActorRpc.Gateways.Tcp.Tests;

/// <summary>Every row of the protocol spec, checked byte for byte over a raw socket.</summary>
public sealed class ConformanceSpec : GatewayTestKit
{
    private static readonly CoreTextFragment.Types.Color s_lightRed = CoreTextFragment.Types.Color.Lightred;

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    public void The_handshake_answers_DFHack_and_version_1_to_client_versions_1_to_255(int version)
    {
        using var client = RawClient.Connect(Gateway.Port);

        client.SendRaw([.. "DFHack?\n"u8, (byte)version, 0, 0, 0]);

        Assert.Equal([.. "DFHack!\n"u8, 1, 0, 0, 0], client.ReadExactly(12));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'D', (byte)'F', (byte)'H', (byte)'a', (byte)'c', (byte)'k', (byte)'?', (byte)'\n', 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'D', (byte)'F', (byte)'H', (byte)'a', (byte)'c', (byte)'k', (byte)'?', (byte)'\n', 0, 1, 0, 0 })]
    [InlineData(new byte[] { (byte)'D', (byte)'F', (byte)'H', (byte)'a', (byte)'c', (byte)'k', (byte)'!', (byte)'\n', 1, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'G', (byte)'E', (byte)'T', (byte)' ', (byte)'/', (byte)' ', (byte)'H', (byte)'T', (byte)'T', (byte)'P', (byte)'\r', (byte)'\n' })]
    public void A_bad_magic_or_version_closes_without_a_word(byte[] handshake)
    {
        using var client = RawClient.Connect(Gateway.Port);

        client.SendRaw(handshake);

        Assert.True(client.ClosedWithoutReply());
    }

    [Fact]
    public void A_truncated_handshake_is_dropped_and_other_sessions_carry_on()
    {
        using (var truncated = RawClient.Connect(Gateway.Port))
        {
            truncated.SendRaw("DFHa"u8.ToArray());
        }

        using var client = Open();
        client.Send(5, new EmptyMessage());
        Assert.StartsWith("ActorRpc ", client.ReadReply().Result(StringMessage.Parser).Value);
    }

    [Fact]
    public void GetVersion_and_GetDFVersion_answer_with_strings()
    {
        using var client = Open();

        client.Send(5, new EmptyMessage());
        client.Send(6, new EmptyMessage());

        Assert.Matches(@"^ActorRpc \d+\.\d+\.\d+", client.ReadReply().Result(StringMessage.Parser).Value);
        Assert.Equal("ActorRpc remote protocol 1", client.ReadReply().Result(StringMessage.Parser).Value);
    }

    [Fact]
    public void Header_padding_garbage_is_ignored()
    {
        using var client = Open();

        client.SendFrame(5, [], 0xDE, 0xAD);

        Assert.True(client.ReadReply().Succeeded);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(7)]
    [InlineData(-7)]
    [InlineData(-1)]
    public void An_invalid_method_id_fails_with_its_text_in_light_red(short id)
    {
        using var client = Open();

        client.SendFrame(id, []);

        var reply = client.ReadReply();
        Assert.False(reply.Succeeded);
        Assert.Equal(1, reply.FailCode);
        var fragment = Assert.Single(Assert.Single(reply.Texts).Fragments);
        Assert.Equal($"RPC call of invalid id {id}\n", fragment.Text);
        Assert.Equal(s_lightRed, fragment.Color);
    }

    [Fact]
    public void BindMethod_assigns_ids_after_the_core_ones_in_bind_order_and_the_id_calls_the_method()
    {
        using var client = Open();

        client.Send(0, Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage"));
        client.Send(0, Bind("sample", "sum", "dfproto.IntListMessage", "dfproto.IntMessage"));
        var echoId = client.ReadReply().Result(CoreBindReply.Parser).AssignedId;
        var sumId = client.ReadReply().Result(CoreBindReply.Parser).AssignedId;
        client.Send((short)echoId, new StringMessage { Value = "urist" });
        client.Send((short)sumId, new IntListMessage { Value = { 40, 2 } });

        Assert.Equal(7, echoId);
        Assert.Equal(8, sumId);
        Assert.Equal("urist", client.ReadReply().Result(StringMessage.Parser).Value);
        Assert.Equal(42, client.ReadReply().Result(IntMessage.Parser).Value);
    }

    [Fact]
    public void Binding_a_core_method_by_name_returns_its_fixed_id()
    {
        using var client = Open();

        client.Send(0, new CoreBindRequest { Method = "RunCommand", InputMsg = "dfproto.CoreRunCommandRequest", OutputMsg = "dfproto.EmptyMessage" });

        Assert.Equal(1, client.ReadReply().Result(CoreBindReply.Parser).AssignedId);
    }

    [Fact]
    public void Bind_replies_always_encode_the_required_assigned_id_even_when_zero()
    {
        using var client = Open();

        client.Send(0, new CoreBindRequest { Method = "BindMethod", InputMsg = "dfproto.CoreBindRequest", OutputMsg = "dfproto.CoreBindReply" });

        var reply = client.ReadReply();
        Assert.Equal([0x08, 0x00], reply.Body);
        Assert.Equal(0, reply.Result(CoreBindReply.Parser).AssignedId);
    }

    [Theory]
    [InlineData("sample", "echo", "dfproto.IntMessage", "dfproto.StringMessage", "Requested wrong signature for RPC method: sample::echo\n")]
    [InlineData("sample", "nope", "dfproto.StringMessage", "dfproto.StringMessage", "RPC method not found: sample::nope\n")]
    [InlineData("ghost", "echo", "dfproto.StringMessage", "dfproto.StringMessage", "No such plugin: ghost\nRPC method not found: ghost::echo\n")]
    [InlineData("", "GetWorldInfo", "dfproto.EmptyMessage", "dfproto.GetWorldInfoOut", "RPC method not found: ::GetWorldInfo\n")]
    [InlineData("", "GetVersion", "dfproto.IntMessage", "dfproto.StringMessage", "Requested wrong signature for RPC method: ::GetVersion\n")]
    public void Bind_failures_send_the_protocol_text_then_fail(string plugin, string method, string input, string output, string text)
    {
        using var client = Open();

        client.Send(0, Bind(plugin, method, input, output));

        var reply = client.ReadReply();
        Assert.Equal(1, reply.FailCode);
        Assert.Equal(text, reply.Text);
        Assert.All(reply.Texts.SelectMany(t => t.Fragments), f => Assert.Equal(s_lightRed, f.Color));
    }

    [Fact]
    public void A_request_missing_a_required_field_could_not_be_decoded()
    {
        using var client = Open();

        client.Send(0, new CoreBindRequest { Method = "echo", InputMsg = "dfproto.StringMessage" });

        var reply = client.ReadReply();
        Assert.Equal(1, reply.FailCode);
        Assert.Equal("In call to BindMethod: could not decode input args.\n", reply.Text);
    }

    [Fact]
    public void Garbage_protobuf_could_not_be_decoded_and_the_session_goes_on()
    {
        using var client = Open();
        client.Send(0, Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage"));
        var echoId = (short)client.ReadReply().Result(CoreBindReply.Parser).AssignedId;

        client.SendFrame(echoId, [0xFF, 0xFF, 0xFF, 0xFF]);
        client.SendFrame(1, [0x0A, 0x10, 0x41]);
        client.Send(echoId, new StringMessage { Value = "still fine" });

        Assert.Equal("In call to echo: could not decode input args.\n", client.ReadReply().Text);
        Assert.Equal("In call to RunCommand: could not decode input args.\n", client.ReadReply().Text);
        Assert.Equal("still fine", client.ReadReply().Result(StringMessage.Parser).Value);
    }

    [Fact]
    public void RunCommand_streams_text_then_an_empty_result()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "status" });

        var reply = client.ReadReply();
        Assert.True(reply.Succeeded);
        Assert.Empty(reply.Body);
        Assert.Equal("<node1> There are 0/0 bots running\n", reply.Text);
    }

    [Fact]
    public void RunCommand_passes_arguments_as_given()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "countdown", Arguments = { "2", "1" } });

        var reply = client.ReadReply();
        Assert.Equal("2...\n1...\nLiftoff!\n", reply.Text);
        Assert.Equal([CoreTextFragment.Types.Color.Lightred, CoreTextFragment.Types.Color.Lightgreen],
            reply.Texts.SelectMany(t => t.Fragments).Select(f => f.Color).Distinct());
    }

    [Fact]
    public void An_unknown_command_is_not_recognized_and_an_empty_one_fails_silently()
    {
        using var client = Open();

        client.Send(1, new CoreRunCommandRequest { Command = "frobnicate" });
        client.Send(1, new CoreRunCommandRequest { Command = "" });

        var unknown = client.ReadReply();
        Assert.Equal(-1, unknown.FailCode);
        Assert.Equal("frobnicate is not a recognized command.\n", unknown.Text);
        var empty = client.ReadReply();
        Assert.Equal(-1, empty.FailCode);
        Assert.Empty(empty.Texts);
    }

    [Fact]
    public void A_method_returning_a_failure_code_fails_with_that_code_after_its_text()
    {
        using var client = Open();
        client.Send(0, Bind("sample", "fail", "dfproto.StringMessage", "dfproto.EmptyMessage"));
        var id = (short)client.ReadReply().Result(CoreBindReply.Parser).AssignedId;

        client.Send(id, new StringMessage { Value = "handler says no" });

        var reply = client.ReadReply();
        Assert.Equal(1, reply.FailCode);
        Assert.Equal("handler says no\n", reply.Text);
    }

    [Fact]
    public void CoreSuspend_counts_up_and_CoreResume_counts_down_then_refuses()
    {
        using var client = Open();

        client.Send(2, new EmptyMessage());
        client.Send(2, new EmptyMessage());
        client.Send(3, new EmptyMessage());
        client.Send(3, new EmptyMessage());
        client.Send(3, new EmptyMessage());

        Assert.Equal(1, client.ReadReply().Result(IntMessage.Parser).Value);
        Assert.Equal(2, client.ReadReply().Result(IntMessage.Parser).Value);
        Assert.Equal(1, client.ReadReply().Result(IntMessage.Parser).Value);
        Assert.Equal(0, client.ReadReply().Result(IntMessage.Parser).Value);
        Assert.Equal(2, client.ReadReply().FailCode);
    }

    [Fact]
    public void RunLua_calls_script_functions_of_allowed_modules()
    {
        using var client = Open();

        client.Send(4, new CoreRunLuaRequest { Module = "sample-rpc", Function = "greet", Arguments = { "Urist", "Cog" } });
        client.Send(4, new CoreRunLuaRequest { Module = "sample", Function = "greet" });
        client.Send(4, new CoreRunLuaRequest { Module = "sample-rpc", Function = "missing" });

        Assert.Equal(["Hello, Urist!", "Hello, Cog!"], client.ReadReply().Result(StringListMessage.Parser).Value);
        var refused = client.ReadReply();
        Assert.Equal(2, refused.FailCode);
        Assert.Equal("Only modules named rpc.* or *.rpc or *-rpc may be called.\n", refused.Text);
        Assert.Equal(3, client.ReadReply().FailCode);
    }

    [Fact]
    public void QUIT_closes_the_connection_without_a_reply()
    {
        using var client = Open();

        client.SendHeader(-4, 12345);

        Assert.True(client.ClosedWithoutReply());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64 * 1024 * 1024 + 1)]
    [InlineData(int.MaxValue)]
    public void A_frame_size_outside_the_limit_closes_the_connection_without_a_reply(int size)
    {
        using var client = Open();

        client.SendHeader(5, size);

        Assert.True(client.ClosedWithoutReply());
    }

    [Fact]
    public void A_frame_of_exactly_64_MiB_is_accepted()
    {
        using var client = Open();
        client.Send(0, Bind("sample", "echo", "dfproto.StringMessage", "dfproto.StringMessage"));
        var id = (short)client.ReadReply().Result(CoreBindReply.Parser).AssignedId;
        // A StringMessage of 64 MiB: tag (1) + length varint (4) + text.
        var text = new string('x', 64 * 1024 * 1024 - 5);
        var body = new StringMessage { Value = text }.ToByteArray();
        Assert.Equal(64 * 1024 * 1024, body.Length);

        client.SendFrame(id, body);

        var reply = client.ReadReply();
        Assert.True(reply.Succeeded);
        Assert.Equal(64 * 1024 * 1024, reply.Body.Length);
    }

    [Fact]
    public void A_truncated_frame_then_a_close_loses_nothing_for_other_sessions()
    {
        using (var broken = Open())
        {
            broken.SendRaw(RawClient.Frame(5, new byte[100])[..50]);
        }
        using var client = Open();

        client.Send(5, new EmptyMessage());

        Assert.True(client.ReadReply().Succeeded);
    }

    private static CoreBindRequest Bind(string plugin, string method, string input, string output)
    {
        var request = new CoreBindRequest { Method = method, InputMsg = input, OutputMsg = output };
        if (plugin.Length > 0)
        {
            request.Plugin = plugin;
        }
        return request;
    }
}
