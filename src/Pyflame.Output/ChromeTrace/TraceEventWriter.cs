using System.Text.Json;
using Pyflame.Core.Model;
using Pyflame.Output.Timeline;

namespace Pyflame.Output.ChromeTrace;

/// <summary>Writes individual trace events for <see cref="ChromeTraceWriter"/>.</summary>
internal sealed class TraceEventWriter(Utf8JsonWriter json, int pid, TimelinePaths paths)
{
    public Utf8JsonWriter Json { get; } = json;

    /// <summary>Ends the frames of <paramref name="from"/> that <paramref name="to"/> does not share, innermost first, then begins the new ones.</summary>
    public void Transition(int tid, int[] from, int[] to, long time)
    {
        int common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common])
        {
            common++;
        }

        for (int depth = from.Length - 1; depth >= common; depth--)
        {
            Slice("E", tid, from[depth], time);
        }

        for (int depth = common; depth < to.Length; depth++)
        {
            Slice("B", tid, to[depth], time);
        }
    }

    /// <summary>An <c>M</c> event; <paramref name="tid"/> null for process-wide metadata.</summary>
    public void Metadata(string name, int? tid, string value)
    {
        Begin("M", 0, tid);
        Json.WriteString("name", name);
        Json.WriteStartObject("args");
        Json.WriteString("name", value);
        Json.WriteEndObject();
        Json.WriteEndObject();
    }

    public void Metadata(string name, int tid, int sortIndex)
    {
        Begin("M", 0, tid);
        Json.WriteString("name", name);
        Json.WriteStartObject("args");
        Json.WriteNumber("sort_index", sortIndex);
        Json.WriteEndObject();
        Json.WriteEndObject();
    }

    private void Slice(string phase, int tid, int frameId, long time)
    {
        Begin(phase, time, tid);
        Json.WriteString("name", paths.NameOf(frameId));
        Json.WriteString("cat", "python");
        if (phase == "B" && paths.SourceOf(frameId) is FrameInfo source)
        {
            Json.WriteStartObject("args");
            Json.WriteString("file", source.File);
            Json.WriteNumber("line", source.Line);
            Json.WriteEndObject();
        }

        Json.WriteEndObject();
    }

    private void Begin(string phase, long time, int? tid)
    {
        Json.WriteStartObject();
        Json.WriteString("ph", phase);
        Json.WriteNumber("ts", time);
        Json.WriteNumber("pid", pid);
        if (tid is int thread)
        {
            Json.WriteNumber("tid", thread);
        }
    }
}
