using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ActorRpc.Configuration.Resolution;

/// <summary>Maps a resolved tree to configuration keys: paths joined with ':', array elements by index.</summary>
internal static class HoconFlattener
{
    public static Dictionary<string, string?> Flatten(HoconObject root)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root)
        {
            Visit(data, key, value);
        }

        return data;
    }

    private static void Visit(Dictionary<string, string?> data, string key, HoconValue value)
    {
        switch (value)
        {
            case HoconObject { Count: 0 } or HoconArray { Count: 0 }:
                // Like the JSON provider: an empty object or array is still a key, with a null value.
                data[key] = null;
                break;
            case HoconObject obj:
                foreach (var (childKey, child) in obj)
                {
                    Visit(data, ConfigurationPath.Combine(key, childKey), child);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(data, ConfigurationPath.Combine(key, i.ToString(CultureInfo.InvariantCulture)), array[i]);
                }

                break;
            case HoconScalar scalar:
                data[key] = scalar.Text;
                break;
        }
    }
}
