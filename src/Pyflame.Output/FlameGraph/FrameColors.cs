using System.Globalization;

namespace Pyflame.Output.FlameGraph;

/// <summary>
/// Box colours. A function's colour depends only on its name (a 32-bit FNV-1a hash picks a warm
/// red-orange-yellow shade), so the same function has the same colour in every graph and every run.
/// </summary>
internal static class FrameColors
{
    public static string Of(FlameNodeKind kind, string name) => kind switch
    {
        FlameNodeKind.Root => "rgb(200,200,205)",
        FlameNodeKind.Thread => "rgb(170,190,225)",
        FlameNodeKind.Idle => "rgb(205,205,205)",
        FlameNodeKind.Failed => "rgb(225,135,135)",
        _ => Warm(Hash(name)),
    };

    /// <summary>FNV-1a, 32 bits: stable across processes and .NET versions, unlike string.GetHashCode.</summary>
    internal static uint Hash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private static string Warm(uint hash)
    {
        int red = 205 + (int)(hash % 51);
        int green = 60 + (int)((hash >> 8) % 171);
        int blue = 20 + (int)((hash >> 16) % 50);
        return string.Create(CultureInfo.InvariantCulture, $"rgb({red},{green},{blue})");
    }
}
