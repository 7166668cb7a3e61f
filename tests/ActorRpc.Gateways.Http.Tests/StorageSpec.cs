using System.Net;
using System.Text.Json;

namespace ActorRpc.Gateways.Http.Tests;

/// <summary>ASF's <c>/Api/Storage</c> kept in a file: it outlives the gateway, and a bad file or a failed write loses nothing.</summary>
public sealed class StorageSpec : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("actorrpc-storage-").FullName;

    private string File => Path.Combine(_folder, ".ipc-storage.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(new HttpGatewayOptions { OwnerId = 1, StorageFile = File });

    [Fact]
    public async Task Values_are_read_back_by_the_next_gateway_on_the_same_file()
    {
        await using (var first = await StartAsync())
        {
            (await first.PostAsync("/Api/Storage/asfui-settings", """{"theme": "blue"}""")).Is(HttpStatusCode.OK);
            (await first.PostAsync("/Api/Storage/gone", "1")).Is(HttpStatusCode.OK);
            (await first.DeleteAsync("/Api/Storage/gone")).Is(HttpStatusCode.OK);
        }

        await using var second = await StartAsync();

        Assert.Equal("blue", (await second.GetAsync("/Api/Storage/asfui-settings")).Is(HttpStatusCode.OK).Result.GetProperty("theme").GetString());
        Assert.Equal(JsonValueKind.Null, (await second.GetAsync("/Api/Storage/gone")).Is(HttpStatusCode.OK).Result.ValueKind);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_moved_aside_not_overwritten_and_the_storage_starts_empty()
    {
        await System.IO.File.WriteAllTextAsync(File, "{ not json");

        await using var host = await StartAsync();

        Assert.Equal(JsonValueKind.Null, (await host.GetAsync("/Api/Storage/anything")).Is(HttpStatusCode.OK).Result.ValueKind);
        Assert.Equal("{ not json", await System.IO.File.ReadAllTextAsync(File + ".bad"));
        (await host.PostAsync("/Api/Storage/fresh", "true")).Is(HttpStatusCode.OK);
        using var saved = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File));
        Assert.True(saved.RootElement.GetProperty("fresh").GetBoolean());
    }

    [Fact]
    public async Task A_change_that_cannot_be_written_is_500_and_leaves_the_value_and_the_file_as_they_were()
    {
        await using var host = await StartAsync();
        (await host.PostAsync("/Api/Storage/kept", "1")).Is(HttpStatusCode.OK);
        // The temporary file every write goes through is a folder now, so the write fails.
        Directory.CreateDirectory(File + ".tmp");

        var failed = (await host.PostAsync("/Api/Storage/kept", "2")).Is(HttpStatusCode.InternalServerError);
        var added = (await host.PostAsync("/Api/Storage/added", "3")).Is(HttpStatusCode.InternalServerError);
        var deleted = (await host.DeleteAsync("/Api/Storage/kept")).Is(HttpStatusCode.InternalServerError);

        Assert.Contains("could not be saved", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", added.Message, StringComparison.Ordinal);
        Assert.Contains("could not be saved", deleted.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.GetAsync("/Api/Storage/kept")).Result.GetInt32());
        Assert.Equal(JsonValueKind.Null, (await host.GetAsync("/Api/Storage/added")).Result.ValueKind);
        using var saved = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(File));
        Assert.Equal("""{"kept":1}""", JsonSerializer.Serialize(saved.RootElement));
    }
}
