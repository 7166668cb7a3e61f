using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration.Options;

/// <summary>
/// Binds options classes from configuration by their <see cref="HoconKeyAttribute"/>s, reading values as HOCON writes
/// them: durations (<c>100ms</c>, <c>5 s</c>), sizes (<c>64 MiB</c>), booleans (<c>true</c>/<c>yes</c>/<c>on</c> and their
/// opposites), enums by name in any case, lists of strings, absolute URIs, whole numbers. Microsoft's configuration binder reads none
/// of HOCON's units, which is why this one exists; everything else (options, validation, start-up checks) is
/// <c>Microsoft.Extensions.Options</c>'. A value that cannot be read fails with <see cref="HoconOptionsException"/>
/// naming the key. Keys the configuration lacks leave the property as it is.
/// </summary>
public static class HoconOptions
{
    /// <summary>Each options type's bound properties, found once.</summary>
    private static readonly ConcurrentDictionary<Type, (string Section, (PropertyInfo Property, HoconKeyAttribute Key)[] Properties)> s_types = new();

    /// <summary>The built-in defaults (<c>hocon/actorrpc.conf</c>, embedded in this assembly).</summary>
    public static IConfiguration Defaults => s_defaults.Value;

    private static readonly Lazy<IConfiguration> s_defaults = new(() => new ConfigurationBuilder().AddHoconString(ReadDefaults(), "built-in defaults").Build());

    /// <summary>The text of the built-in defaults.</summary>
    public static string ReadDefaults()
    {
        using var stream = typeof(HoconOptions).Assembly.GetManifestResourceStream("ActorRpc.Configuration.actorrpc.conf")
            ?? throw new InvalidOperationException("The built-in defaults (actorrpc.conf) are missing from the configuration assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Sets <paramref name="options"/>' keyed properties to the built-in defaults (what its parameterless constructor calls).</summary>
    public static void ApplyDefaults(object options) => Bind(options, Defaults);

    /// <summary>Sets <paramref name="options"/>' keyed properties from <paramref name="configuration"/> (the root: keys are full paths).</summary>
    /// <exception cref="HoconOptionsException">A value cannot be read as its property's type.</exception>
    public static void Bind(object options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var (section, properties) = Describe(options.GetType());
        foreach (var (property, key) in properties)
        {
            var path = $"{section}.{key.Path}";
            var entry = configuration.GetSection(path.Replace('.', ':'));
            if (Read(entry, property.PropertyType, key, path, out var value))
            {
                property.SetValue(options, value);
            }
        }
    }

    /// <summary>The full dotted key of <paramref name="property"/> of <typeparamref name="T"/> (<c>actorrpc.ipc.port</c>), for messages.</summary>
    public static string KeyOf<T>(string property)
    {
        var (section, properties) = Describe(typeof(T));
        return properties.FirstOrDefault(p => p.Property.Name == property) is { Key: { } key }
            ? $"{section}.{key.Path}"
            : throw new ArgumentException($"{typeof(T).Name}.{property} has no configuration key.", nameof(property));
    }

    private static (string Section, (PropertyInfo Property, HoconKeyAttribute Key)[] Properties) Describe(Type type) =>
        s_types.GetOrAdd(type, static t =>
        {
            var section = t.GetCustomAttribute<HoconSectionAttribute>()?.Path
                ?? throw new InvalidOperationException($"{t.Name} has no [HoconSection].");
            var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Property: p, Key: p.GetCustomAttribute<HoconKeyAttribute>()))
                .Where(p => p.Key is not null && p.Property.SetMethod is not null)
                .Select(p => (p.Property, p.Key!))
                .ToArray();
            return (section, properties);
        });

    private static bool Read(IConfigurationSection entry, Type type, HoconKeyAttribute key, string path, out object? value)
    {
        value = null;
        if (type == typeof(IReadOnlyList<string>))
        {
            // An empty HOCON list leaves a key without value or children, as an absent key does; the configuration always
            // holds the defaults, which name every list, so no children means an empty list.
            value = entry.GetChildren()
                .OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
                .Select(c => c.Value ?? string.Empty).ToList();
            return true;
        }
        var text = entry.Value;
        if (text is null)
        {
            return false;
        }
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (text.Length == 0 || text == "null")
        {
            // HOCON's null (and an empty environment variable) clears an optional value.
            if (!target.IsValueType || Nullable.GetUnderlyingType(type) is not null)
            {
                value = null;
                return true;
            }
            throw Wrong(path, text, Expected(target, key));
        }
        try
        {
            value = Convert(text, target, key);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or UriFormatException)
        {
            throw Wrong(path, text, Expected(target, key));
        }
    }

    private static object Convert(string text, Type target, HoconKeyAttribute key)
    {
        if (target == typeof(string))
        {
            return text;
        }
        if (target == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw new FormatException(),
            };
        }
        if (target == typeof(TimeSpan))
        {
            return HoconValues.ParseDuration(text);
        }
        if (target == typeof(Uri))
        {
            return new Uri(text, UriKind.Absolute);
        }
        if (target.IsEnum)
        {
            return Enum.GetNames(target).FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse(target, name)
                : throw new FormatException();
        }
        if (key.Size)
        {
            var bytes = HoconValues.ParseSize(text);
            return target == typeof(int) ? checked((int)bytes) : (object)bytes;
        }
        return target switch
        {
            _ when target == typeof(int) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ when target == typeof(long) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
            _ when target == typeof(ulong) => ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture),
            _ when target == typeof(ushort) => ushort.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"Options of type {target.Name} cannot be bound from HOCON."),
        };
    }

    private static string Expected(Type target, HoconKeyAttribute key) => target switch
    {
        _ when key.Size => "a size such as 64 MiB",
        _ when target == typeof(bool) => "true or false",
        _ when target == typeof(TimeSpan) => "a duration such as 100ms or 5 s",
        _ when target == typeof(Uri) => "an absolute URI",
        _ when target.IsEnum => string.Join(" or ", Enum.GetNames(target)),
        _ when target == typeof(ulong) || target == typeof(ushort) => "a non-negative whole number",
        _ => "a whole number",
    };

    private static HoconOptionsException Wrong(string key, string value, string expected) =>
        new($"{key}: expected {expected}, but found '{value}'.");
}
