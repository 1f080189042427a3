using Pyflame.Core.Memory;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Locals;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Values;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Dumping;

/// <summary>
/// Takes a <see cref="ProcessDump"/>: asks the OS which threads are on a CPU, stops the whole process (one stop
/// costs a hung process nothing, and every stack, variable and flag is then read from one still moment), reads
/// every thread's stack with the stack walker, and each frame's variables from the same frames, then resumes.
/// Without a pauser (<c>--nonblocking</c>) the same reads happen while the target runs. A thread whose stack
/// cannot be read is reported with the reason; the others are still dumped.
/// </summary>
public sealed class DumpTaker
{
    private readonly int _pid;
    private readonly PythonRuntime _runtime;
    private readonly StackWalker _walker;
    private readonly IProcessPauser? _pauser;
    private readonly IThreadActivityProbe? _activity;
    private readonly ThreadNameCache? _names;
    private readonly DumpOptions _options;
    private readonly FrameLocalsReader _locals;
    private readonly GcStateReader _gc;

    public DumpTaker(int pid, IMemoryReader memory, PythonRuntime runtime, IProcessPauser? pauser, IThreadActivityProbe? activity, ThreadNameCache? names, DumpOptions options)
    {
        _pid = pid;
        _runtime = runtime;
        _walker = new StackWalker(memory, runtime);
        _pauser = pauser;
        _activity = activity;
        _names = names;
        _options = options;
        _locals = new FrameLocalsReader(memory, runtime.Layout, new PyValueFormatter(memory, runtime.Layout, options.Limits), options.Limits);
        _gc = new GcStateReader(memory, runtime);
    }

    public ProcessDump Take()
    {
        _activity?.Capture(); // before the stop: a stopped thread is never on a CPU
        if (_pauser is not null && !_pauser.TryPause())
        {
            _pauser.Resume();
            return Failed(ReadFailure.Unreadable("could not stop the target's threads"));
        }

        try
        {
            return Read();
        }
        finally
        {
            _pauser?.Resume();
        }
    }

    private ProcessDump Read()
    {
        List<ThreadRecord> threads = [];
        List<ulong> holders = [];
        _walker.BeginSample();
        if (!_walker.TryReadThreads(threads, holders, out ReadFailure? error))
        {
            return Failed(error);
        }

        _names?.Update(threads);
        List<DumpedThread> dumped = new(threads.Count);
        HashSet<ulong> collecting = [];
        bool anyGcKnown = false;
        foreach (ulong interpreter in threads.Select(t => t.Interpreter).Distinct())
        {
            if (_gc.TryIsCollecting(interpreter, out bool running))
            {
                anyGcKnown = true;
                if (running)
                {
                    collecting.Add(interpreter);
                }
            }
        }

        foreach (ThreadRecord thread in threads)
        {
            dumped.Add(ReadThread(thread, holders.Contains(thread.ThreadState), collecting.Contains(thread.Interpreter)));
        }

        return new ProcessDump(_pid, _runtime.Version, anyGcKnown ? collecting.Count > 0 : null, dumped);
    }

    private DumpedThread ReadThread(ThreadRecord thread, bool holdsGil, bool gcRunning)
    {
        bool running = holdsGil || _activity is null || !_activity.TryIsRunning(thread.NativeThreadId, out bool onCpu) || onCpu;
        string? name = _names?.NameOf(thread);
        bool collecting = holdsGil && gcRunning;
        List<FrameInfo> frames = [];
        List<RawFrame> raw = [];
        if (!_walker.TryWalk(thread.TopFrame, frames, raw, out ReadFailure? error))
        {
            return new DumpedThread(thread.NativeThreadId, thread.PthreadId, name, holdsGil, running, collecting, [], error);
        }

        List<DumpedFrame> result = new(frames.Count + 1);
        if (collecting && _options.MarkGc)
        {
            result.Add(new DumpedFrame(PseudoFrames.GarbageCollection, null, null));
        }

        for (int i = 0; i < frames.Count; i++)
        {
            result.Add(Describe(frames[i], raw[i]));
        }

        return new DumpedThread(thread.NativeThreadId, thread.PthreadId, name, holdsGil, running, collecting, result);
    }

    private DumpedFrame Describe(FrameInfo frame, RawFrame raw)
    {
        IReadOnlyList<LocalVariable>? locals = null;
        if (_options.Locals)
        {
            List<LocalVariable> variables = [];
            locals = _locals.TryRead(raw, variables) ? variables : null;
        }

        return new DumpedFrame(frame, _locals.ReadQualifiedName(raw.Code), locals);
    }

    private ProcessDump Failed(ReadFailure? reason) => new(_pid, _runtime.Version, null, [], reason ?? ReadFailure.Unreadable("the threads could not be read"));
}
