using System.Net;
using ActorRpc.Gateways.Http.Security;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>The options' checks, the stored-password format, CIDR matching.</summary>
public sealed class OptionsSpec
{
    [Fact]
    public void The_defaults_are_ASFs_loopback_1242_no_password_no_owner_any_origin()
    {
        var options = new HttpGatewayOptions();

        options.Validate();
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(1242, options.Port);
        Assert.Null(options.Password);
        Assert.Equal(0UL, options.OwnerId);
        Assert.Equal(["*"], options.CorsOrigins);
        Assert.False(options.AllowNonLoopbackWithoutPassword);
        Assert.Equal(512, options.MaxConcurrentRequests);
        Assert.Equal("http://127.0.0.1:1242/", options.Url);
        Assert.True(options.IsLoopbackHost);
        Assert.Equal("http://[::1]:1242/", (options with { Host = "::1" }).Url);
    }

    [Theory]
    [InlineData("Host", "example.com")]
    [InlineData("Port", "70000")]
    [InlineData("MaxBodySize", "0")]
    [InlineData("MaxConcurrentRequests", "0")]
    [InlineData("MaxConcurrentRequests", "-1")]
    [InlineData("Password", "not-a-hash")]
    [InlineData("Password", "pbkdf2$0$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("Password", "pbkdf2$1000$!!$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("TrustedNetworks", "10.0.0.0/33")]
    [InlineData("TrustedNetworks", "ten.zero")]
    [InlineData("CorsOrigins", " ")]
    [InlineData("AllowedHosts", "http://node1")]
    [InlineData("AllowedHosts", "node1:8080")]
    [InlineData("AllowedHosts", "node1/path")]
    [InlineData("AllowedHosts", " ")]
    public void A_bad_setting_fails_validation_naming_the_setting(string setting, string value)
    {
        var options = setting switch
        {
            "Host" => new HttpGatewayOptions { Host = value },
            "Port" => new HttpGatewayOptions { Port = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "MaxBodySize" => new HttpGatewayOptions { MaxBodySize = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "MaxConcurrentRequests" => new HttpGatewayOptions { MaxConcurrentRequests = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "Password" => new HttpGatewayOptions { Password = value, PasswordFormat = IpcPasswordFormat.Pbkdf2 },
            "TrustedNetworks" => new HttpGatewayOptions { TrustedNetworks = [value] },
            "AllowedHosts" => new HttpGatewayOptions { AllowedHosts = [value] },
            _ => new HttpGatewayOptions { CorsOrigins = [value] },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        // The message starts with the configuration key of the setting (HttpGatewayOptions.Port: actorrpc.ipc.port).
        Assert.StartsWith(ActorRpc.Configuration.Options.HoconOptions.KeyOf<HttpGatewayOptions>(setting) + ":", error.Message);
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddHttpGateway(options));
    }

    [Fact]
    public void HashPbkdf2_writes_pbkdf2_iterations_salt_and_hash_and_salts_every_hash()
    {
        var first = IpcPassword.HashPbkdf2("pw", 1234);
        var second = IpcPassword.HashPbkdf2("pw", 1234);

        var parts = first.Split('$');
        Assert.Equal("pbkdf2", parts[0]);
        Assert.Equal("1234", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.NotEqual(first, second);
        new HttpGatewayOptions { Password = first, PasswordFormat = IpcPasswordFormat.Pbkdf2 }.Validate();
    }

    [Fact]
    public void The_verifier_compares_plain_passwords_exactly()
    {
        var verifier = new PasswordVerifier(new HttpGatewayOptions { Password = "pässword" });

        Assert.True(verifier.HasPassword);
        Assert.True(verifier.Verify("pässword"));
        Assert.False(verifier.Verify("password"));
        Assert.False(verifier.Verify(""));
        Assert.False(new PasswordVerifier(new HttpGatewayOptions { Password = "" }).HasPassword);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.128/25", "192.168.1.200", true)]
    [InlineData("192.168.1.128/25", "192.168.1.100", false)]
    [InlineData("172.18.0.5", "172.18.0.5", true)]
    [InlineData("172.18.0.5", "172.18.0.6", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.1.1", true)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("0.0.0.0/0", "203.0.113.1", true)]
    [InlineData("10.0.0.0/8", "::1", false)]
    public void Networks_in_CIDR_notation_contain_exactly_their_addresses(string network, string address, bool contained)
    {
        Assert.True(NetworkRange.TryParse(network, out var range));

        Assert.Equal(contained, range.Contains(IPAddress.Parse(address)));
    }
}
