using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace ActorRpc.Gateways.Http.Json;

/// <summary>
/// Reads request bodies for the JSON endpoints: the Content-Type must be JSON (406 otherwise), the size is
/// bounded (413), the text must parse (400); each failure says what was wrong.
/// </summary>
internal static class JsonBody
{
    /// <summary>True when the request carries a body (a Content-Length above 0, or a chunked body).</summary>
    public static bool IsPresent(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0;

    /// <summary>Throws 406 unless the request declares a JSON body (<c>application/json</c> or <c>application/*+json</c>, UTF-8).</summary>
    public static void RequireJsonContentType(HttpRequest request)
    {
        var declared = request.ContentType;
        if (string.IsNullOrEmpty(declared) || !MediaTypeHeaderValue.TryParse(declared, out var type) ||
            !(type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
              (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && type.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
        {
            throw new ApiException(ApiError.NotAcceptable,
                $"This endpoint accepts only JSON bodies with Content-Type: application/json, not {(string.IsNullOrEmpty(declared) ? "a body without Content-Type" : $"'{declared}'")}.");
        }
        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(ApiError.NotAcceptable, $"JSON bodies must be UTF-8, not {type.Charset}.");
        }
    }

    /// <summary>
    /// Reads the body as a JSON object. With <paramref name="optional"/>, a request without a body yields null
    /// (and needs no Content-Type); otherwise a missing body is a 400.
    /// </summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpContext context, long maxSize, bool optional = false)
    {
        if (optional && !IsPresent(context))
        {
            return null;
        }
        RequireJsonContentType(context.Request);
        var bytes = await ReadBytesAsync(context, maxSize).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            if (optional)
            {
                return null;
            }
            throw new ApiException(ApiError.BadRequest, "The request body is empty; expected a JSON object.");
        }
        var root = Parse(bytes);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ApiException(ApiError.BadRequest, $"The request body must be a JSON object, not {Describe(root.ValueKind)}.");
        }
        return root;
    }

    /// <summary>Reads the body as any JSON value (an object, an array, a string, a number, true, false or null); a missing body is a 400.</summary>
    public static async Task<JsonElement> ReadValueAsync(HttpContext context, long maxSize)
    {
        RequireJsonContentType(context.Request);
        var bytes = await ReadBytesAsync(context, maxSize).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            throw new ApiException(ApiError.BadRequest, "The request body is empty; expected a JSON value.");
        }
        return Parse(bytes);
    }

    /// <summary>Parses a body with the gateway's checks: valid JSON, UTF-8, no duplicate properties, no lone surrogates.</summary>
    private static JsonElement Parse(ReadOnlyMemory<byte> bytes)
    {
        JsonElement root;
        try
        {
            RequireUtf8(bytes.Span);
            using var document = JsonDocument.Parse(bytes, GatewayJson.DocumentOptions);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ApiException(ApiError.BadRequest, $"The request body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-property check decodes names; the text is UTF-8 by now, so a name held an escaped lone surrogate.
            throw NoCharacter("a property name");
        }
        // Only an escape can spell a lone surrogate: bodies without one (nearly all) skip the walk.
        if (bytes.Span.IndexOf("\\u"u8) >= 0)
        {
            RequireDecodable(root, "$");
        }
        return root;
    }

    /// <summary>
    /// Throws 400 for a string or property name with raw bytes that are not UTF-8 (the parser lets them through and reading them
    /// later would throw, a 500); <see cref="RequireDecodable"/> does the same for escaped lone surrogates (<c>"\ud800"</c>).
    /// </summary>
    private static void RequireUtf8(ReadOnlySpan<byte> json)
    {
        if (Utf8.IsValid(json))
        {
            return;
        }
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = GatewayJson.DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !Utf8.IsValid(reader.ValueSpan))
            {
                throw new ApiException(ApiError.BadRequest,
                    $"The request body is not valid JSON text: {(reader.TokenType == JsonTokenType.PropertyName ? "a property name" : "a string")} at byte {reader.TokenStartIndex} is not valid UTF-8.");
            }
        }
    }

    /// <summary>Decodes every property name and string under <paramref name="element"/> (at <paramref name="path"/>), as handlers will.</summary>
    private static void RequireDecodable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw NoCharacter($"a property name in {path}");
                    }
                    RequireDecodable(property.Value, $"{path}.{name}");
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    RequireDecodable(item, $"{path}[{index++}]");
                }
                break;
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw NoCharacter($"a string at {path}");
                }
                break;
        }
    }

    private static ApiException NoCharacter(string where) =>
        new(ApiError.BadRequest, $"The request body is not valid JSON text: {where} has an escape that is no character (a lone UTF-16 surrogate such as \\ud800).");

    /// <summary>Reads the whole body, refusing more than <paramref name="maxSize"/> bytes with a 413.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(HttpContext context, long maxSize)
    {
        var request = context.Request;
        if (request.ContentLength > maxSize)
        {
            throw TooLarge(maxSize);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxSize;
        }
        // Sized to the declared length plus the one byte the final zero-length read needs: small bodies cost no 4 KB buffer.
        var declared = request.ContentLength;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp((declared ?? 4096) + 1, 1, (1 << 20) + 1));
        while (true)
        {
            var hint = declared is { } length && length >= buffer.WrittenCount ? (int)Math.Min(length - buffer.WrittenCount + 1, 1 << 20) : 4096;
            int read;
            try
            {
                read = await request.Body.ReadAsync(buffer.GetMemory(hint), context.RequestAborted).ConfigureAwait(false);
            }
            catch (IOException ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                // Kestrel reports some malformed bodies (an overflowing chunk size) as IOException: the client's fault, so 400.
                throw new BadHttpRequestException($"The request body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
            }
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxSize)
            {
                throw TooLarge(maxSize);
            }
        }
    }

    /// <summary>How a JSON value kind reads in a message.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static ApiException TooLarge(long maxSize) =>
        new(ApiError.PayloadTooLarge, $"The request body is larger than the {maxSize} bytes this server accepts.");
}
