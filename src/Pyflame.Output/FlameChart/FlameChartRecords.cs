namespace Pyflame.Output.FlameChart;

/// <summary>
/// Where the whole records of a <c>-T</c> text end, for a file whose writing failed part-way (a full disk): the
/// write may have stopped inside a line, or after a timestamp line whose stack never came. Cutting there leaves a
/// file that <see cref="FlameChartJsonConverter"/> reads. A timestamp line is digits only; a stack line never is
/// (frames end in <c>;</c>, pseudo frames are in parentheses).
/// </summary>
public static class FlameChartRecords
{
    private const int ChunkBytes = 4096;

    /// <summary>The length of <paramref name="text"/> (readable, seekable) up to the end of its last whole record.</summary>
    public static long WholeLength(Stream text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long end = LineStartBefore(text, text.Length);
        if (end == 0)
        {
            return 0;
        }

        long lastLine = LineStartBefore(text, end - 1);
        return IsTimestamp(text, lastLine, end - 1) ? lastLine : end;
    }

    /// <summary>The position just after the last <c>\n</c> before <paramref name="limit"/>, or 0.</summary>
    private static long LineStartBefore(Stream text, long limit)
    {
        byte[] chunk = new byte[ChunkBytes];
        long position = limit;
        while (position > 0)
        {
            int size = (int)Math.Min(ChunkBytes, position);
            position -= size;
            text.Position = position;
            text.ReadExactly(chunk, 0, size);
            int newline = Array.LastIndexOf(chunk, (byte)'\n', size - 1, size);
            if (newline >= 0)
            {
                return position + newline + 1;
            }
        }

        return 0;
    }

    private static bool IsTimestamp(Stream text, long start, long end)
    {
        if (end <= start || end - start > 19)
        {
            return false;
        }

        byte[] line = new byte[end - start];
        text.Position = start;
        text.ReadExactly(line);
        return line.All(b => b is >= (byte)'0' and <= (byte)'9');
    }
}
