using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pyflame.Core.Model;
using Pyflame.Output.Timeline;

namespace Pyflame.Output.ChromeTrace;

/// <summary>
/// Writes individual trace events for <see cref="ChromeTraceWriter"/>. A big profile has tens of
/// millions of B/E events, so each frame's JSON tail (name, category, source) is encoded once and
/// every event is assembled from bytes and handed to the writer as a raw value.
/// </summary>
internal sealed class TraceEventWriter(Utf8JsonWriter json, TimelinePaths paths)
{
    private readonly byte[]?[] _beginTails = new byte[]?[paths.FrameCount];
    private readonly byte[]?[] _endTails = new byte[]?[paths.FrameCount];
    private byte[] _threadPart = [];
    private (int Pid, int Tid) _thread;
    private byte[] _buffer = new byte[256];

    public Utf8JsonWriter Json { get; } = json;

    /// <summary>Ends the frames of <paramref name="from"/> that <paramref name="to"/> does not share, innermost first, then begins the new ones.</summary>
    public void Transition(int pid, int tid, int[] from, int[] to, long time)
    {
        int common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common])
        {
            common++;
        }

        for (int depth = from.Length - 1; depth >= common; depth--)
        {
            Slice('E', pid, tid, time, _endTails[from[depth]] ??= Tail(from[depth], withSource: false));
        }

        for (int depth = common; depth < to.Length; depth++)
        {
            Slice('B', pid, tid, time, _beginTails[to[depth]] ??= Tail(to[depth], withSource: true));
        }
    }

    /// <summary>An <c>M</c> event naming the process (<paramref name="tid"/> null) or a thread.</summary>
    public void Metadata(string name, int pid, int? tid, string value)
    {
        Begin("M", pid, tid);
        Json.WriteString("name", name);
        Json.WriteStartObject("args");
        Json.WriteString("name", value);
        Json.WriteEndObject();
        Json.WriteEndObject();
    }

    public void Metadata(string name, int pid, int tid, int sortIndex)
    {
        Begin("M", pid, tid);
        Json.WriteString("name", name);
        Json.WriteStartObject("args");
        Json.WriteNumber("sort_index", sortIndex);
        Json.WriteEndObject();
        Json.WriteEndObject();
    }

    /// <summary><c>{"ph":"B","ts":T,"pid":P,"tid":N,</c> + the frame's tail, ph and ts first as Perfetto's tokenizer prefers.</summary>
    private void Slice(char phase, int pid, int tid, long time, byte[] tail)
    {
        if ((pid, tid) != _thread || _threadPart.Length == 0)
        {
            _thread = (pid, tid);
            _threadPart = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $",\"pid\":{pid},\"tid\":{tid},"));
        }

        ReadOnlySpan<byte> start = phase == 'B' ? "{\"ph\":\"B\",\"ts\":"u8 : "{\"ph\":\"E\",\"ts\":"u8;
        int needed = start.Length + 20 + _threadPart.Length + tail.Length;
        if (_buffer.Length < needed)
        {
            _buffer = new byte[needed * 2];
        }

        Span<byte> buffer = _buffer;
        start.CopyTo(buffer);
        int length = start.Length;
        Utf8Formatter.TryFormat(time, buffer[length..], out int written);
        length += written;
        _threadPart.CopyTo(buffer[length..]);
        length += _threadPart.Length;
        tail.CopyTo(buffer[length..]);
        length += tail.Length;
        Json.WriteRawValue(buffer[..length], skipInputValidation: true);
        Json.FlushIfLarge();
    }

    /// <summary><c>"name":"f","cat":"python"</c> (+ <c>,"args":{"file":..,"line":..}</c>) <c>}</c>, escaped by a real JSON writer.</summary>
    private byte[] Tail(int frameId, bool withSource)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", paths.NameOf(frameId));
            writer.WriteString("cat", "python");
            if (withSource && paths.SourceOf(frameId) is FrameInfo source)
            {
                writer.WriteStartObject("args");
                writer.WriteString("file", source.File);
                writer.WriteNumber("line", source.Line);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray()[1..]; // drop the leading '{': the head supplies it
    }

    private void Begin(string phase, int pid, int? tid)
    {
        Json.WriteStartObject();
        Json.WriteString("ph", phase);
        Json.WriteNumber("ts", 0);
        Json.WriteNumber("pid", pid);
        if (tid is int thread)
        {
            Json.WriteNumber("tid", thread);
        }
    }
}
