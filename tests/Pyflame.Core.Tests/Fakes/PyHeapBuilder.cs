using System.Text;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Fakes;

/// <summary>
/// Builds CPython-shaped objects (str, bytes, code, frames, thread and interpreter states) in
/// <see cref="SyntheticMemory"/> using a real generated layout, so the walker can be tested on
/// exactly the shapes it meets in a live process, including broken ones.
/// </summary>
public sealed class PyHeapBuilder
{
    public const ulong CodeType = 0x7000_0000;
    public const ulong HeadPointer = 0x6000_0000;
    public const ulong RuntimeAddress = 0x6000_0000;
    private ulong _next = 0x1000_0000;

    public PyHeapBuilder(PyLayout layout)
    {
        Layout = layout;
        Memory.Map(HeadPointer, 4096);
        Memory.Map(CodeType, 512);
    }

    public SyntheticMemory Memory { get; } = new();

    public PyLayout Layout { get; }

    public PythonRuntime Runtime(ulong threadStateCurrent = 0) => new()
    {
        Version = Layout.Version,
        Layout = Layout,
        ModulePath = "/synthetic/libpython.so",
        VersionSource = "test",
        InterpreterHeadPointer = Layout.RuntimeInterpretersHead >= 0 ? RuntimeAddress + (ulong)Layout.RuntimeInterpretersHead : HeadPointer,
        RuntimeAddress = RuntimeAddress,
        ThreadStateCurrentPointer = threadStateCurrent,
        CodeTypeAddress = CodeType,
    };

    public ulong Allocate(int size)
    {
        ulong address = _next;
        Memory.Map(address, size);
        _next += (ulong)((size + 0xfff) & ~0xfff) + 0x1000;
        return address;
    }

    /// <summary>An ASCII str (3.x compact ASCII) or a 2.7 byte string.</summary>
    public ulong Str(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (Layout.NamesAreBytes)
        {
            ulong s = Allocate(Layout.BytesData + bytes.Length + 1);
            Memory.WriteU64(s + (ulong)Layout.BytesSize, (ulong)bytes.Length);
            Memory.WriteBytes(s + (ulong)Layout.BytesData, bytes);
            return s;
        }

        ulong address = Allocate(Layout.UnicodeAsciiData + bytes.Length + 1);
        Memory.WriteU64(address + (ulong)Layout.UnicodeLength, (ulong)text.Length);
        Memory.WriteU32(address + (ulong)Layout.UnicodeState, (1u << 2) | (1u << 5) | (1u << 6) | (1u << 7)); // kind 1, compact, ascii, ready
        Memory.WriteBytes(address + (ulong)Layout.UnicodeAsciiData, bytes);
        return address;
    }

    public ulong Bytes(byte[] value)
    {
        ulong address = Allocate(Layout.BytesData + value.Length + 1);
        Memory.WriteU64(address + (ulong)Layout.BytesSize, (ulong)value.Length);
        Memory.WriteBytes(address + (ulong)Layout.BytesData, value);
        return address;
    }

    /// <summary>A code object whose line table maps every instruction to <paramref name="line"/>.</summary>
    public ulong Code(string file, string name, int firstLine, int line, int flags = 0)
    {
        ulong code = Allocate(Math.Max(Layout.CodeSize, 256) + 64);
        Memory.WriteU64(code + (ulong)Layout.ObjectType, CodeType);
        Memory.WriteU64(code + (ulong)Layout.CodeFilename, Str(file));
        Memory.WriteU64(code + (ulong)Layout.CodeName, Str(name));
        Memory.WriteI32(code + (ulong)Layout.CodeFirstLineno, firstLine);
        Memory.WriteI32(code + (ulong)Layout.CodeFlags, flags);
        Memory.WriteU64(code + (ulong)Layout.CodeLineTable, Bytes(LineTableFor(line - firstLine)));
        return code;
    }

    /// <summary>A table that puts the first 100 code units on firstLine + delta, in this version's format.</summary>
    private byte[] LineTableFor(int delta) => Layout.LineTableFormat switch
    {
        LineTableFormat.LnotabUnsigned or LineTableFormat.LnotabSigned => [0, (byte)delta],
        LineTableFormat.LineTable310 => [200, (byte)(sbyte)delta],
        _ => [(byte)(0x80 | (13 << 3) | 7), (byte)(delta << 1), (byte)(0x80 | (13 << 3) | 7), 0, (byte)(0x80 | (13 << 3) | 7), 0],
    };

    /// <summary>
    /// A frame running <paramref name="code"/> at byte offset 4, linked to <paramref name="back"/>. A thread-owned
    /// frame with no caller on 3.12+ gets the C-stack entry frame CPython puts below every thread's first frame.
    /// </summary>
    public ulong Frame(ulong code, ulong back, byte owner = 0)
    {
        if (Layout.UsesInterpreterFrames)
        {
            if (back == 0 && owner == 0 && Layout.ThreadBottomOwner > 0)
            {
                back = Frame(0, 0, (byte)Layout.ThreadBottomOwner);
            }

            ulong frame = Allocate(Layout.IFrameSize + 16);
            Memory.WriteU64(frame + (ulong)Layout.IFrameCode, code);
            Memory.WriteU64(frame + (ulong)Layout.IFramePrevious, back);
            Memory.WriteU64(frame + (ulong)Layout.IFrameInstrPtr, code + (ulong)Layout.CodeCodeAdaptive + 4);
            Memory.WriteByte(frame + (ulong)Layout.IFrameOwner, owner);
            return frame;
        }

        ulong f = Allocate(Layout.FrameLasti + 16);
        Memory.WriteU64(f + (ulong)Layout.FrameCode, code);
        Memory.WriteU64(f + (ulong)Layout.FrameBack, back);
        Memory.WriteI32(f + (ulong)Layout.FrameLasti, 4 / Layout.LastiScale);
        return f;
    }

    /// <summary>An interpreter with the given thread states (newest first, as CPython links them).</summary>
    public ulong Interpreter(params (ulong TopFrame, ulong PthreadId, int Tid)[] threads)
    {
        ulong interp = Allocate(new[] { Layout.InterpThreadsHead, Layout.InterpNext, Layout.InterpCevalGil }.Max() + 64);
        ulong next = 0;
        ulong first = 0;
        for (int i = threads.Length - 1; i >= 0; i--)
        {
            ulong tstate = Allocate(512);
            Memory.WriteU64(tstate + (ulong)Layout.ThreadNext, next);
            Memory.WriteU64(tstate + (ulong)Layout.ThreadInterp, interp);
            Memory.WriteU64(tstate + (ulong)Layout.ThreadThreadId, threads[i].PthreadId);
            if (Layout.ThreadNativeThreadId >= 0)
            {
                Memory.WriteU64(tstate + (ulong)Layout.ThreadNativeThreadId, (ulong)threads[i].Tid);
            }

            if (Layout.ThreadCFrame >= 0)
            {
                ulong cframe = Allocate(64);
                Memory.WriteU64(cframe + (ulong)Layout.CFrameCurrentFrame, threads[i].TopFrame);
                Memory.WriteU64(tstate + (ulong)Layout.ThreadCFrame, cframe);
            }
            else
            {
                Memory.WriteU64(tstate + (ulong)Layout.ThreadFrame, threads[i].TopFrame);
            }

            next = tstate;
            first = tstate;
        }

        Memory.WriteU64(interp + (ulong)Layout.InterpThreadsHead, first);
        Memory.WriteU64(Runtime().InterpreterHeadPointer, interp);
        return interp;
    }

    /// <summary>
    /// 3.12+: gives <paramref name="interp"/> a GIL of its own (interp->ceval.gil) whose last holder is
    /// <paramref name="tstate"/>; it counts as held only while <paramref name="locked"/> is 1.
    /// </summary>
    public void InterpreterGil(ulong interp, ulong tstate, int locked = 1)
    {
        ulong gil = Allocate(256);
        Memory.WriteU64(interp + (ulong)Layout.InterpCevalGil, gil);
        Memory.WriteI32(gil + (ulong)Layout.GilLocked, locked);
        Memory.WriteU64(gil + (ulong)Layout.GilLastHolder, tstate);
    }

    /// <summary>The thread states of <paramref name="interp"/>, newest first.</summary>
    public IReadOnlyList<ulong> ThreadStates(ulong interp)
    {
        List<ulong> states = [];
        Span<byte> buffer = stackalloc byte[8];
        Memory.Read(interp + (ulong)Layout.InterpThreadsHead, buffer);
        ulong tstate = BitConverter.ToUInt64(buffer);
        while (tstate != 0)
        {
            states.Add(tstate);
            Memory.Read(tstate + (ulong)Layout.ThreadNext, buffer);
            tstate = BitConverter.ToUInt64(buffer);
        }

        return states;
    }
}
