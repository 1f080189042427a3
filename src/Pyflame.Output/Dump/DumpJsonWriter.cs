using System.Text.Json;
using Pyflame.Core.Dumping;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Locals;

namespace Pyflame.Output.Dump;

/// <summary>
/// <c>-d --json</c>: the dump as one JSON object, written with <see cref="Utf8JsonWriter"/> (no reflection, so it
/// works under Native AOT).
/// <code>
/// {"pid": 4242, "python_version": "3.12.1", "gc_running": false, "error": null,
///  "threads": [{"os_thread_id": 4242, "python_thread_id": 139872, "name": "MainThread", "holds_gil": true,
///    "state": "running", "collecting_garbage": false, "error": null,
///    "frames": [{"function": "work", "qualified_name": "Worker.work", "file": "/app.py", "line": 7,
///      "locals": [{"name": "n", "kind": "argument", "type": "int", "value": "42"}]}]}]}
/// </code>
/// <c>gc_running</c> and <c>qualified_name</c> are null where the version does not have them, <c>line</c> when
/// unknown, <c>locals</c> without <c>--locals</c> or when the frame's variables could not be read. Values are
/// repr-like previews (strings), the same text as the text dump. <c>python_thread_id</c> is
/// <c>threading.get_ident()</c> (the pthread id). The <c>(gc)</c> pseudo frame is not a frame here:
/// <c>collecting_garbage</c> says it.
/// </summary>
public static class DumpJsonWriter
{
    public static void Write(ProcessDump dump, Stream output)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("pid", dump.ProcessId);
        json.WriteString("python_version", dump.Version.ToString());
        WriteNullable(json, "gc_running", dump.GcRunning);
        WriteNullable(json, "error", dump.FailureReason?.Text);
        json.WriteStartArray("threads");
        foreach (DumpedThread thread in DumpOrder.Threads(dump))
        {
            WriteThread(json, thread);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.WriteByte((byte)'\n');
        output.Flush();
    }

    private static void WriteThread(Utf8JsonWriter json, DumpedThread thread)
    {
        json.WriteStartObject();
        json.WriteNumber("os_thread_id", thread.NativeThreadId);
        json.WriteNumber("python_thread_id", thread.PthreadId);
        WriteNullable(json, "name", thread.Name);
        json.WriteBoolean("holds_gil", thread.HoldsGil);
        json.WriteString("state", thread.Running ? "running" : "idle");
        json.WriteBoolean("collecting_garbage", thread.CollectingGarbage);
        WriteNullable(json, "error", thread.Error?.Text);
        json.WriteStartArray("frames");
        foreach (DumpedFrame frame in thread.Frames.Where(f => !PseudoFrames.IsPseudo(f.Frame)))
        {
            WriteFrame(json, frame);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter json, DumpedFrame frame)
    {
        json.WriteStartObject();
        json.WriteString("function", frame.Frame.Function);
        WriteNullable(json, "qualified_name", frame.QualifiedName);
        json.WriteString("file", frame.Frame.File);
        if (frame.Frame.Line > 0)
        {
            json.WriteNumber("line", frame.Frame.Line);
        }
        else
        {
            json.WriteNull("line");
        }

        if (frame.Locals is null)
        {
            json.WriteNull("locals");
        }
        else
        {
            json.WriteStartArray("locals");
            foreach (LocalVariable local in frame.Locals)
            {
                json.WriteStartObject();
                json.WriteString("name", local.Name);
                json.WriteString("kind", local.Kind switch
                {
                    LocalKind.Argument => "argument",
                    LocalKind.Cell => "cell",
                    LocalKind.Free => "free",
                    _ => "local",
                });
                WriteNullable(json, "type", local.TypeName);
                json.WriteString("value", local.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.FlushIfLarge();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is bool known)
        {
            json.WriteBoolean(name, known);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
