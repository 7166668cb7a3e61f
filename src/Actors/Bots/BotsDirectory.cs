using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorRpc.Actors.Bots;

/// <summary>
/// The bots directory: one <c>&lt;Name&gt;.json</c> per bot. Writes are atomic (a hidden temporary file
/// renamed over the target), so a reader never sees half a file; a watcher reports every created,
/// changed, renamed or deleted bot file by bot name.
/// </summary>
public sealed class BotsDirectory : IDisposable
{
    /// <summary>The file suffix of bot configurations.</summary>
    public const string Extension = ".json";

    /// <summary>Watches the directory once <see cref="Watch"/> is called.</summary>
    private FileSystemWatcher? _watcher;

    /// <summary>Where skipped files are reported (the log given to <see cref="Watch"/>); null until then.</summary>
    private ILogger? _log;

    /// <summary>The files already reported as skipped: a file is reported once, not at every event or scan.</summary>
    private readonly ConcurrentDictionary<string, bool> _skipped = new(StringComparer.Ordinal);

    /// <summary>The directory (created if missing).</summary>
    public BotsDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The names of the bot files present, valid names only, in ordinal order.</summary>
    public IReadOnlyList<string> Scan() =>
        Directory.EnumerateFiles(Path, "*" + Extension)
            .Select(NameOf)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The path of bot <paramref name="name"/>'s file.</summary>
    public string FileOf(string name) => System.IO.Path.Combine(Path, name + Extension);

    /// <summary>Reads bot <paramref name="name"/>'s configuration; null if the file does not exist.</summary>
    /// <exception cref="BotConfigException">The file exists but cannot be used.</exception>
    public BotConfig? Read(string name)
    {
        string text;
        try
        {
            text = File.ReadAllText(FileOf(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException ex)
        {
            throw new BotConfigException($"cannot be read ({ex.Message})");
        }
        return BotConfig.Parse(text);
    }

    /// <summary>Writes bot <paramref name="name"/>'s configuration atomically (temp file, then rename).</summary>
    public void Write(string name, BotConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var temporary = System.IO.Path.Combine(Path, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, config.ToJson());
            File.Move(temporary, FileOf(name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes bot <paramref name="name"/>'s file; false if there was none.</summary>
    public bool Delete(string name)
    {
        var file = FileOf(name);
        if (!File.Exists(file))
        {
            return false;
        }
        File.Delete(file);
        return true;
    }

    /// <summary>Reports the bot name of every file event to <paramref name="changed"/> (from a watcher thread).</summary>
    public void Watch(Action<string> changed, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(changed);
        _log = log;
        _watcher?.Dispose();
        _watcher = new FileSystemWatcher(Path, "*" + Extension)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        void Report(string? file)
        {
            if (NameOf(file) is { } name)
            {
                changed(name);
            }
        }
        _watcher.Created += (_, e) => Report(e.FullPath);
        _watcher.Changed += (_, e) => Report(e.FullPath);
        _watcher.Deleted += (_, e) => Report(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Report(e.OldFullPath);
            Report(e.FullPath);
        };
        _watcher.Error += (_, e) => log.LogError(e.GetException(), "Watching the bots directory {Path} failed; changes may be missed until the next restart", Path);
        _watcher.EnableRaisingEvents = true;
    }

    /// <inheritdoc />
    public void Dispose() => _watcher?.Dispose();

    /// <summary>The bot name of a configuration file, or null for other files (temporary, hidden, invalid names: these logged once).</summary>
    private string? NameOf(string? file)
    {
        if (file is null || !file.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        if (BotNames.Validate(name) is not { } invalid)
        {
            return name;
        }
        // Hidden files are skipped by convention, silently; a deleted file's events are no news either.
        if (!name.StartsWith('.') && File.Exists(file) && _log is { } log && _skipped.TryAdd(name, true))
        {
            log.LogWarning("Skipping bot file {File} in {Path}: {Reason}", BotNames.Escape(System.IO.Path.GetFileName(file)), BotNames.Escape(Path), invalid);
        }
        return null;
    }
}
