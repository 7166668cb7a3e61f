using System.Text.Json;
using ActorRpc.Gateways.Http.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRpc.Gateways.Http;

/// <summary>
/// ASF's <c>/Api/Storage</c>: JSON values under short keys (ASF-ui keeps its settings there). Bounded, so a client cannot
/// fill the node: at most <see cref="MaxKeys"/> keys of <see cref="MaxKeyLength"/> characters, each value at most
/// <see cref="MaxValueBytes"/>.
/// </summary>
/// <remarks>
/// With a file (<see cref="HttpGatewayOptions.StorageFile"/>) the values outlive the process, as ASF keeps them in its
/// database: every change is written to a temporary file that then replaces the old one, so a crash leaves the old values
/// or the new ones, never half. A change that cannot be written is undone and answered 500, so what a client reads back is
/// always what the file holds. A file that cannot be read at start-up is moved aside (<c>.bad</c>) and named in the log,
/// not overwritten.
/// </remarks>
internal sealed class IpcStorage
{
    public const int MaxKeys = 64;

    public const int MaxKeyLength = 128;

    public const int MaxValueBytes = 64 * 1024;

    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();

    private readonly string? _file;

    /// <summary>A storage kept in <paramref name="file"/> (null: in memory only), read now.</summary>
    public IpcStorage(string? file, ILogger? log)
    {
        _file = file is null ? null : Path.GetFullPath(file);
        if (_file is not null)
        {
            Load(_file, log ?? NullLogger.Instance);
        }
    }

    public JsonElement? Get(string key)
    {
        Check(key);
        lock (_lock)
        {
            return _values.TryGetValue(key, out var value) ? value : null;
        }
    }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="key"/>; a JSON null forgets the key, as in ASF.</summary>
    public void Set(string key, JsonElement value)
    {
        Check(key);
        if (value.ValueKind == JsonValueKind.Null)
        {
            Remove(key);
            return;
        }
        lock (_lock)
        {
            var had = _values.TryGetValue(key, out var previous);
            if (!had && _values.Count >= MaxKeys)
            {
                throw new ApiException(ApiError.BadRequest, $"The storage holds {MaxKeys} keys already: delete one first.");
            }
            _values[key] = value.Clone();
            SaveOrUndo(() =>
            {
                if (had)
                {
                    _values[key] = previous;
                }
                else
                {
                    _values.Remove(key);
                }
            });
        }
    }

    /// <summary>Forgets <paramref name="key"/>; true as in ASF, whether it was there or not.</summary>
    public bool Remove(string key)
    {
        Check(key);
        lock (_lock)
        {
            if (_values.Remove(key, out var previous))
            {
                SaveOrUndo(() => _values[key] = previous);
            }
        }
        return true;
    }

    private static string Check(string key) =>
        key.Length is 0 or > MaxKeyLength
            ? throw new ApiException(ApiError.BadRequest, $"A storage key has 1 to {MaxKeyLength} characters.")
            : key;

    /// <summary>Writes the values to the file (under the lock); when that fails, runs <paramref name="undo"/> and throws a 500.</summary>
    private void SaveOrUndo(Action undo)
    {
        if (_file is null)
        {
            return;
        }
        var temporary = _file + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                foreach (var (key, value) in _values)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }
                writer.WriteEndObject();
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, _file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            undo();
            throw new ApiException(ApiError.InternalError, $"The storage could not be saved to {_file}: {ex.Message} Nothing was changed.");
        }
    }

    private void Load(string file, ILogger log)
    {
        if (!File.Exists(file))
        {
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"expected a JSON object, found {document.RootElement.ValueKind}");
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.Length is 0 or > MaxKeyLength || _values.Count >= MaxKeys || System.Text.Encoding.UTF8.GetByteCount(property.Value.GetRawText()) > MaxValueBytes
                    || property.Value.ValueKind == JsonValueKind.Null)
                {
                    log.LogWarning("IPC storage {File}: key {Key} skipped: outside the storage's limits", file, property.Name.Length > MaxKeyLength ? property.Name[..MaxKeyLength] + "…" : property.Name);
                    continue;
                }
                _values[property.Name] = property.Value.Clone();
            }
            log.LogInformation("IPC storage: {Count} keys read from {File}", _values.Count, file);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            _values.Clear();
            var aside = file + ".bad";
            try
            {
                File.Move(file, aside, overwrite: true);
                log.LogError("IPC storage {File} cannot be read ({Reason}); moved to {Aside}, starting empty", file, ex.Message, aside);
            }
            catch (Exception move) when (move is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"IPC storage {file} cannot be read ({ex.Message}) nor moved aside ({move.Message}).", ex);
            }
        }
    }
}
