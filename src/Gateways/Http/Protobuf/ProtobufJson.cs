using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorRpc.Gateways.Http.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRpc.Gateways.Http.Protobuf;

/// <summary>
/// Protobuf messages as JSON, by the protobuf JSON mapping (Google.Protobuf's parser and formatter), with one
/// gateway rule on top: field names in requests match case-insensitively, like every request body here.
/// </summary>
internal static class ProtobufJson
{
    /// <summary>Nested messages deeper than this get null in a default structure (recursive types).</summary>
    private const int MaxStructureDepth = 8;

    /// <summary>Unknown fields are an error: a misspelt field must not be silently dropped.</summary>
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    /// <summary>The standard mapping (lowerCamelCase field names, 64-bit integers as strings).</summary>
    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default);

    /// <summary>Parses <paramref name="json"/> (null: an empty object) as a <paramref name="type"/>; 400 when it does not fit or lacks required fields.</summary>
    public static IMessage Parse(JsonElement? json, MessageDescriptor type)
    {
        string text;
        if (json is { } element)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteNormalized(element, type, writer, "input");
            }
            text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        else
        {
            text = "{}";
        }
        IMessage message;
        try
        {
            message = s_parser.Parse(text, type);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or InvalidOperationException)
        {
            throw new ApiException(ApiError.BadRequest, $"The input is not a valid {type.FullName}: {ex.Message}");
        }
        if (!message.IsInitialized())
        {
            var missing = type.Fields.InDeclarationOrder().Where(f => f.IsRequired && !f.Accessor.HasValue(message)).Select(f => f.JsonName).ToList();
            throw new ApiException(ApiError.BadRequest,
                missing.Count > 0
                    ? $"The input lacks required fields of {type.FullName}: {string.Join(", ", missing)}."
                    : $"The input lacks required fields in nested messages of {type.FullName}.");
        }
        return message;
    }

    /// <summary><paramref name="message"/> in the protobuf JSON mapping.</summary>
    public static JsonElement Format(IMessage message)
    {
        using var document = JsonDocument.Parse(s_formatter.Format(message));
        return document.RootElement.Clone();
    }

    /// <summary>A default-valued instance of <paramref name="type"/> in the JSON mapping (every field present).</summary>
    public static JsonObject Structure(MessageDescriptor type, int depth = 0)
    {
        var result = new JsonObject();
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            result[field.JsonName] = field.IsMap ? new JsonObject()
                : field.IsRepeated ? new JsonArray()
                : DefaultValue(field, depth);
        }
        return result;
    }

    /// <summary>Field JSON name → protobuf type name (<c>int32</c>, <c>repeated string</c>, <c>dfproto.IntMessage</c>, <c>map&lt;string, int32&gt;</c>).</summary>
    public static IReadOnlyDictionary<string, string> TypeMap(MessageDescriptor type)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            result[field.JsonName] = TypeName(field);
        }
        return result;
    }

    /// <summary>The protobuf type name of a field.</summary>
    public static string TypeName(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return $"map<{ScalarOrTypeName(field.MessageType.FindFieldByNumber(1))}, {ScalarOrTypeName(field.MessageType.FindFieldByNumber(2))}>";
        }
        return (field.IsRepeated ? "repeated " : string.Empty) + ScalarOrTypeName(field);
    }

    private static string ScalarOrTypeName(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => field.MessageType.FullName,
        FieldType.Enum => field.EnumType.FullName,
        var scalar => scalar.ToString().ToLowerInvariant(),
    };

    private static JsonNode? DefaultValue(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => depth < MaxStructureDepth ? Structure(field.MessageType, depth + 1) : null,
        FieldType.Enum => JsonValue.Create(field.EnumType.Values.FirstOrDefault()?.Name ?? "0"),
        FieldType.Bool => JsonValue.Create(false),
        FieldType.String or FieldType.Bytes => JsonValue.Create(string.Empty),
        // The JSON mapping writes 64-bit integers as strings.
        FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Fixed64 or FieldType.SFixed64 => JsonValue.Create("0"),
        _ => JsonValue.Create(0),
    };

    /// <summary>Copies <paramref name="element"/>, renaming each property that names a field of <paramref name="type"/> in any case to the field's JSON name.</summary>
    private static void WriteNormalized(JsonElement element, MessageDescriptor? type, Utf8JsonWriter writer, string path)
    {
        // Well-known types have their own JSON forms; scalars and unknown shapes are left to the parser to judge.
        if (element.ValueKind != JsonValueKind.Object || type is null || type.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal))
        {
            element.WriteTo(writer);
            return;
        }
        writer.WriteStartObject();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = type.Fields.InDeclarationOrder().FirstOrDefault(f =>
                f.JsonName.Equals(property.Name, StringComparison.OrdinalIgnoreCase) || f.Name.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
            var name = field?.JsonName ?? property.Name;
            if (!written.Add(name))
            {
                throw new ApiException(ApiError.BadRequest, $"Field '{path}.{name}' appears more than once (names are case-insensitive).");
            }
            writer.WritePropertyName(name);
            WriteField(property.Value, field, writer, $"{path}.{name}");
        }
        writer.WriteEndObject();
    }

    private static void WriteField(JsonElement value, FieldDescriptor? field, Utf8JsonWriter writer, string path)
    {
        if (field is null || field.FieldType is not (FieldType.Message or FieldType.Group))
        {
            value.WriteTo(writer);
            return;
        }
        if (field.IsMap && value.ValueKind == JsonValueKind.Object)
        {
            var valueType = field.MessageType.FindFieldByNumber(2);
            writer.WriteStartObject();
            foreach (var entry in value.EnumerateObject())
            {
                writer.WritePropertyName(entry.Name);
                WriteField(entry.Value, valueType, writer, $"{path}[{entry.Name}]");
            }
            writer.WriteEndObject();
        }
        else if (field.IsRepeated && value.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                WriteNormalized(item, field.MessageType, writer, $"{path}[{index++}]");
            }
            writer.WriteEndArray();
        }
        else
        {
            WriteNormalized(value, field.MessageType, writer, path);
        }
    }
}
