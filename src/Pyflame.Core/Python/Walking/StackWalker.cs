using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Walking;

/// <summary>
/// The one walker for every CPython version: interpreters → thread states → frames, driven by the
/// offsets in <see cref="PyLayout"/>. Each structure is fetched with one read; failures return
/// false with a reason (a failed sample), never an exception.
/// </summary>
public sealed class StackWalker
{
    private readonly IMemoryReader _memory;
    private readonly PythonRuntime _runtime;
    private readonly PyLayout _layout;
    private readonly WalkLimits _limits;
    private readonly CodeObjectCache _code;
    private readonly FrameChain _chain;
    private readonly byte[] _threadBlock;

    public StackWalker(IMemoryReader memory, PythonRuntime runtime, WalkLimits? limits = null)
    {
        _memory = memory;
        _runtime = runtime;
        _layout = runtime.Layout;
        _limits = limits ?? WalkLimits.Default;
        _code = new CodeObjectCache(memory, runtime, _limits);
        _chain = new FrameChain(memory, _layout, _code);
        _threadBlock = LayoutBlock.Create("thread state", _layout.ThreadNext, _layout.ThreadInterp, _layout.ThreadFrame, _layout.ThreadCFrame,
            _layout.ThreadThreadId, _layout.ThreadNativeThreadId, _layout.ThreadHoldsGil, _layout.ThreadGilRequested, _layout.ThreadDatastackChunk);
    }

    public PythonRuntime Runtime => _runtime;

    /// <summary>
    /// Call once per sample, before its first walk: code objects are re-checked once per sample, not once per
    /// frame that names them (see <see cref="CodeObjectCache"/>).
    /// </summary>
    public void BeginSample() => _code.BeginSample();

    /// <summary>True once the interpreter exists (in trace mode the target may still be starting).</summary>
    public bool IsInterpreterReady() =>
        _memory.TryReadPointer(_runtime.InterpreterHeadPointer, out ulong head) && head != 0
        && _memory.TryReadPointer(head + (ulong)_layout.InterpThreadsHead, out ulong thread) && thread != 0;

    /// <summary>Reads every thread state of every interpreter, and which of them hold a GIL.</summary>
    public bool TryReadThreads(List<ThreadRecord> threads, List<ulong> gilHolders, out ReadFailure? error)
    {
        threads.Clear();
        gilHolders.Clear();
        if (!_memory.TryReadPointer(_runtime.InterpreterHeadPointer, out ulong interp) || interp == 0)
        {
            error = ReadFailure.Unreadable("the interpreter is not initialised (or already finalised)");
            return false;
        }

        if (_layout.GilModel != GilModel.InterpreterGil && TryReadCurrentThreadState(out ulong current) && current != 0)
        {
            gilHolders.Add(current);
        }

        for (int i = 0; interp != 0; i++)
        {
            if (i >= _limits.MaxInterpreters)
            {
                error = ReadFailure.Unreadable("interpreter list longer than " + _limits.MaxInterpreters + " (corrupt?)");
                return false;
            }

            if (!TryReadInterpreterThreads(interp, threads, gilHolders, out error))
            {
                return false;
            }

            if (_layout.InterpNext < 0 || !_memory.TryReadPointer(interp + (ulong)_layout.InterpNext, out interp))
            {
                break;
            }
        }

        error = null;
        return true;
    }

    /// <summary>
    /// Reads only which thread states hold a GIL (a read or two before 3.12, a few per interpreter after): how
    /// blocking mode finds the one thread to stop, and re-checks it once stopped. False when the interpreter is
    /// not there (not initialised, finalised, or the process is gone), like <see cref="TryReadThreads"/>.
    /// </summary>
    public bool TryReadGilHolders(List<ulong> gilHolders)
    {
        gilHolders.Clear();
        if (!_memory.TryReadPointer(_runtime.InterpreterHeadPointer, out ulong interp) || interp == 0)
        {
            return false;
        }

        if (_layout.GilModel != GilModel.InterpreterGil)
        {
            if (!TryReadCurrentThreadState(out ulong current))
            {
                return false;
            }

            if (current != 0)
            {
                gilHolders.Add(current);
            }

            return true;
        }

        for (int i = 0; interp != 0 && i < _limits.MaxInterpreters; i++)
        {
            if (TryReadInterpreterGilHolder(interp, out ulong holder) && holder != 0)
            {
                gilHolders.Add(holder);
            }

            if (_layout.InterpNext < 0 || !_memory.TryReadPointer(interp + (ulong)_layout.InterpNext, out interp))
            {
                break;
            }
        }

        return true;
    }

    /// <summary>Reads one thread state again (its top frame and native id now); false if it is unreadable.</summary>
    public bool TryReadThread(ulong threadState, out ThreadRecord thread)
    {
        thread = default;
        if (!_memory.TryReadExact(threadState, _threadBlock))
        {
            return false;
        }

        ReadOnlySpan<byte> block = _threadBlock;
        thread = Record(threadState, block.Field<ulong>(_layout.ThreadInterp), block);
        return true;
    }

    /// <summary>Walks one thread's frames into <paramref name="frames"/>, innermost first.</summary>
    public bool TryWalk(ulong topFrame, List<FrameInfo> frames, out ReadFailure? error) =>
        _chain.TryWalk(topFrame, frames, _limits.MaxDepth, out error);

    /// <summary>As <see cref="TryWalk(ulong, List{FrameInfo}, out ReadFailure?)"/>, also listing each frame's address and code object (-d --locals).</summary>
    public bool TryWalk(ulong topFrame, List<FrameInfo> frames, List<RawFrame> raw, out ReadFailure? error) =>
        _chain.TryWalk(topFrame, frames, _limits.MaxDepth, out error, raw);

    /// <summary>Non-blocking mode: what the last <see cref="TryWalk(ulong, List{FrameInfo}, out ReadFailure?)"/> anchored on (see <see cref="StackAnchor"/>).</summary>
    internal StackAnchor AnchorOfLastWalk => _chain.Anchor;

    /// <summary>Non-blocking mode: re-reads an anchor; true when the callers it stands for held still.</summary>
    internal bool IsUnchanged(StackAnchor anchor) => _chain.IsUnchanged(anchor, _memory);

    /// <summary>Non-blocking mode: the same check on a later copy of the anchor's memory (false if it has none).</summary>
    internal bool IsUnchanged(StackAnchor anchor, IMemoryReader laterCopy) => _chain.IsUnchanged(anchor, laterCopy);

    /// <summary>Bytes read from a thread state's start (what a sample needs of its memory).</summary>
    internal int ThreadStateBytes => _threadBlock.Length;

    /// <summary>Bytes read from a frame's start.</summary>
    internal int FrameBytes => _chain.FrameBytes;

    private bool TryReadInterpreterThreads(ulong interp, List<ThreadRecord> threads, List<ulong> gilHolders, out ReadFailure? error)
    {
        if (_layout.GilModel == GilModel.InterpreterGil && !_layout.ThreadsCarryGilFlag
            && TryReadInterpreterGilHolder(interp, out ulong holder) && holder != 0)
        {
            gilHolders.Add(holder);
        }

        if (!_memory.TryReadPointer(interp + (ulong)_layout.InterpThreadsHead, out ulong tstate))
        {
            error = ReadFailure.Unreadable("could not read the thread list");
            return false;
        }

        ReadOnlySpan<byte> block = _threadBlock;
        while (tstate != 0)
        {
            if (threads.Count >= _limits.MaxThreads)
            {
                error = ReadFailure.Unreadable("more than " + _limits.MaxThreads + " threads (corrupt thread list?)");
                return false;
            }

            if (!_memory.TryReadExact(tstate, _threadBlock) || block.Field<ulong>(_layout.ThreadInterp) != interp)
            {
                error = ReadFailure.Unreadable($"thread state 0x{tstate:x} is unreadable or belongs to another interpreter");
                return false;
            }

            threads.Add(Record(tstate, interp, block));
            if (_layout.ThreadsCarryGilFlag && block.Field<int>(_layout.ThreadHoldsGil) != 0)
            {
                gilHolders.Add(tstate); // 3.15: the thread's own flag, written by the GIL code itself
            }

            tstate = block.Field<ulong>(_layout.ThreadNext);
        }

        error = null;
        return true;
    }

    private ThreadRecord Record(ulong threadState, ulong interp, ReadOnlySpan<byte> block)
    {
        ulong pthread = block.Field<ulong>(_layout.ThreadThreadId);
        return new ThreadRecord(threadState, interp, pthread, ReadNativeId(block, pthread), ReadTopFrame(block),
            _layout.ThreadCFrame < 0 ? 0 : block.Field<ulong>(_layout.ThreadCFrame),
            _layout.ThreadDatastackChunk < 0 ? 0 : block.Field<ulong>(_layout.ThreadDatastackChunk));
    }

    private ulong ReadTopFrame(ReadOnlySpan<byte> threadBlock)
    {
        if (_layout.ThreadCFrame < 0)
        {
            return threadBlock.Field<ulong>(_layout.ThreadFrame);
        }

        // 3.11/3.12: tstate->cframe->current_frame.
        ulong cframe = threadBlock.Field<ulong>(_layout.ThreadCFrame);
        return cframe != 0 && _memory.TryReadPointer(cframe + (ulong)_layout.CFrameCurrentFrame, out ulong frame) ? frame : 0;
    }

    private int ReadNativeId(ReadOnlySpan<byte> threadBlock, ulong pthread)
    {
        if (_layout.ThreadNativeThreadId >= 0)
        {
            return (int)threadBlock.Field<ulong>(_layout.ThreadNativeThreadId);
        }

        return _runtime.PthreadTidOffset >= 0 && _memory.TryRead(pthread + (ulong)_runtime.PthreadTidOffset, out int tid) ? tid : 0;
    }

    private bool TryReadCurrentThreadState(out ulong tstate)
    {
        tstate = 0;
        return _runtime.ThreadStateCurrentPointer != 0 && _memory.TryReadPointer(_runtime.ThreadStateCurrentPointer, out tstate);
    }

    /// <summary>
    /// 3.12+: the GIL is per interpreter and last_holder is stale unless locked (Python/ceval_gil.c). 3.15 threads
    /// also say themselves whether they hold it (holds_gil): last_holder counts only if its thread agrees.
    /// </summary>
    private bool TryReadInterpreterGilHolder(ulong interp, out ulong holder)
    {
        holder = 0;
        if (!_memory.TryReadPointer(interp + (ulong)_layout.InterpCevalGil, out ulong gil) || gil == 0
            || !_memory.TryRead(gil + (ulong)_layout.GilLocked, out int locked))
        {
            return false;
        }

        if (locked == 0 || !_memory.TryReadPointer(gil + (ulong)_layout.GilLastHolder, out holder))
        {
            return locked == 0;
        }

        if (_layout.ThreadsCarryGilFlag && holder != 0
            && (!_memory.TryRead(holder + (ulong)_layout.ThreadHoldsGil, out int holds) || holds == 0))
        {
            holder = 0; // handed over between the two reads: nobody is known to hold it now
        }

        return true;
    }
}
