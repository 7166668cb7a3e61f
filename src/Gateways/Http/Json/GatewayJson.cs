using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ActorRpc.Gateways.Http.Json;

/// <summary>How the gateway writes and reads JSON: PascalCase names as declared, names matched case-insensitively on input, enums as names.</summary>
internal static class GatewayJson
{
    /// <summary>The Content-Type of every JSON response.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The serializer options of every response (and of the OpenAPI schemas).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Reading request bodies: duplicate properties are an error, not a silent last-one-wins.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { AllowDuplicateProperties = false, MaxDepth = 64 };

    /// <summary>Applies the gateway's settings to <paramref name="options"/> (also used for ASP.NET Core's own JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = null;
        options.DictionaryKeyPolicy = null;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Responses are served as application/json, never as HTML: '<Bot>' prefixes stay readable.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
        {
            options.Converters.Add(new JsonStringEnumConverter());
        }
        return options;
    }
}
