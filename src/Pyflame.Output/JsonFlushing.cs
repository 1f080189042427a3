using System.Text.Json;

namespace Pyflame.Output;

/// <summary>
/// <see cref="Utf8JsonWriter"/> over a stream keeps everything in memory until <c>Flush</c>; writers of
/// big arrays call <see cref="FlushIfLarge"/> as they go so memory stays flat (a 64 KiB buffer, not
/// the whole file).
/// </summary>
internal static class JsonFlushing
{
    private const int Threshold = 1 << 16;

    public static void FlushIfLarge(this Utf8JsonWriter json)
    {
        if (json.BytesPending > Threshold)
        {
            json.Flush();
        }
    }
}
