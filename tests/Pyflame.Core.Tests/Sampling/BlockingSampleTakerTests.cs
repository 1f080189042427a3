using Pyflame.Core.Model;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Core.Tests.Fakes;

namespace Pyflame.Core.Tests.Sampling;

/// <summary>Blocking mode stops only what a sample needs held still: the GIL holder, or the Python threads.</summary>
public sealed class BlockingSampleTakerTests
{
    private const int MainTid = 10;
    private const int WorkerTid = 11;
    private const int LateTid = 12;

    // 3.11 finds the GIL holder through _PyRuntime.gilstate.tstate_current and has native_thread_id.
    private readonly PyHeapBuilder _heap = new(GeneratedLayouts.Python311);
    private readonly ulong _current;
    private readonly ulong _main;
    private readonly ulong _worker;
    private readonly ulong _late;

    public BlockingSampleTakerTests()
    {
        ulong module = _heap.Frame(_heap.Code("/app.py", "<module>", 1, 3), 0);
        ulong work = _heap.Frame(_heap.Code("/app.py", "work", 5, 6), 0);
        ulong late = _heap.Frame(_heap.Code("/app.py", "late", 8, 9), 0);
        ulong interp = _heap.Interpreter((module, 0x100, MainTid), (work, 0x200, WorkerTid), (late, 0x300, LateTid));
        (_main, _worker, _late) = (_heap.ThreadStates(interp)[0], _heap.ThreadStates(interp)[1], _heap.ThreadStates(interp)[2]);
        LinkLateThread(false); // a thread state that appears only when a test says so
        _current = PyHeapBuilder.RuntimeAddress + (ulong)_heap.Layout.RuntimeTstateCurrent;
    }

    [Fact]
    public void Gil_mode_stops_only_the_holders_thread()
    {
        HoldGil(_worker);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal(["work"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
        Assert.Equal([[WorkerTid]], pauser.Pauses);
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void Nobody_holding_the_gil_is_idle_without_any_pause()
    {
        HoldGil(0);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal(SampleOutcome.Idle, sample.Outcome);
        Assert.Empty(pauser.Pauses);
    }

    [Fact]
    public void A_holder_that_changed_before_the_stop_is_looked_up_again()
    {
        HoldGil(_worker);
        // Between the read and the stop the GIL went to the main thread, which keeps it.
        RecordingPauser pauser = new(pause => HoldGil(_main));

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal([[WorkerTid], [MainTid]], pauser.Pauses);
        Assert.Equal(MainTid, Assert.Single(sample.Threads).NativeThreadId);
        Assert.Equal(["<module>"], sample.Threads[0].Frames.Select(f => f.Function));
        Assert.Equal(2, pauser.Resumes);
    }

    [Fact]
    public void An_interpreter_that_is_not_there_is_a_failed_sample_not_an_idle_one()
    {
        HoldGil(0);
        _heap.Memory.WriteU64(_heap.Runtime().InterpreterHeadPointer, 0);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal(SampleOutcome.Failed, sample.Outcome);
        Assert.Contains("not initialised", sample.FailureReason?.Text, StringComparison.Ordinal);
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void A_gil_that_keeps_moving_ends_in_a_full_pause()
    {
        HoldGil(_worker);
        // Each stop finds the GIL already with the other thread.
        RecordingPauser pauser = new(pause => HoldGil(pause % 2 == 1 ? _main : _worker));

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal([[WorkerTid], [MainTid], [WorkerTid], null], pauser.Pauses);
        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        Assert.Equal(WorkerTid, Assert.Single(sample.Threads).NativeThreadId); // whoever held it when all stopped
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void A_refused_targeted_pause_falls_back_to_pausing_everything()
    {
        HoldGil(_worker);
        RecordingPauser pauser = new();
        _ = pauser.Refused.Add(WorkerTid);

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal([[WorkerTid], [WorkerTid], [WorkerTid], null], pauser.Pauses);
        Assert.Equal(WorkerTid, Assert.Single(sample.Threads).NativeThreadId);
    }

    [Fact]
    public void A_holder_without_an_os_thread_id_pauses_everything()
    {
        ulong unknown = _heap.ThreadStates(ReadPointer(_heap.Runtime().InterpreterHeadPointer))[1];
        _heap.Memory.WriteU64(unknown + (ulong)_heap.Layout.ThreadNativeThreadId, 0);
        HoldGil(_worker);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal([null], pauser.Pauses);
        Assert.Equal(["work"], Assert.Single(sample.Threads).Frames.Select(f => f.Function));
    }

    [Fact]
    public void Threads_mode_stops_only_the_gil_holder_and_reads_every_thread()
    {
        // The others change their frames only with the GIL, which the stopped holder keeps: they hold still unstopped.
        HoldGil(_main);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: true);

        Assert.Equal([[MainTid]], pauser.Pauses);
        Assert.Equal([MainTid, WorkerTid], sample.Threads.Select(t => t.NativeThreadId).Order());
        Assert.Equal(["<module>"], sample.Threads.Single(t => t.NativeThreadId == MainTid).Frames.Select(f => f.Function));
        Assert.Equal(["work"], sample.Threads.Single(t => t.NativeThreadId == WorkerTid).Frames.Select(f => f.Function));
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void Threads_mode_with_nobody_holding_the_gil_stops_exactly_the_python_threads()
    {
        HoldGil(0);
        RecordingPauser pauser = new();

        Sample sample = Take(pauser, allThreads: true);

        Assert.Equal([[MainTid, WorkerTid]], pauser.Pauses);
        Assert.Equal([MainTid, WorkerTid], sample.Threads.Select(t => t.NativeThreadId).Order());
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void A_holder_that_let_the_gil_go_before_its_stop_is_still_the_sample()
    {
        // It held the GIL when the sample was due and trapped only after a system call had released it: looking
        // again would find nobody and count (idle) for a thread that was running Python code.
        HoldGil(_main);
        RecordingPauser pauser = new(_ => HoldGil(0));

        Sample sample = Take(pauser, allThreads: false);

        Assert.Equal(SampleOutcome.Stacks, sample.Outcome);
        Assert.Equal(MainTid, Assert.Single(sample.Threads).NativeThreadId);
        Assert.Equal(["<module>"], sample.Threads[0].Frames.Select(f => f.Function));
        Assert.Equal([[MainTid]], pauser.Pauses);
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void Threads_mode_whose_holder_let_go_before_its_stop_stops_every_python_thread()
    {
        HoldGil(_main);
        // Between the read and the stop the main thread released the GIL: its stop proves nothing about the others.
        RecordingPauser pauser = new(_ => HoldGil(_worker));

        Sample sample = Take(pauser, allThreads: true);

        Assert.Equal([[MainTid], [MainTid, WorkerTid]], pauser.Pauses);
        Assert.Equal([MainTid, WorkerTid], sample.Threads.Select(t => t.NativeThreadId).Order());
        Assert.Equal(2, pauser.Resumes);
        Assert.False(pauser.IsPaused);
    }

    [Fact]
    public void A_python_thread_that_appears_during_the_pause_is_stopped_before_it_is_read()
    {
        HoldGil(0);
        RecordingPauser pauser = new(_ => LinkLateThread(true));

        Sample sample = Take(pauser, allThreads: true);

        Assert.Equal([[MainTid, WorkerTid], [MainTid, WorkerTid, LateTid]], pauser.Pauses);
        Assert.Equal([MainTid, WorkerTid, LateTid], sample.Threads.Select(t => t.NativeThreadId).Order());
    }

    private Sample Take(RecordingPauser pauser, bool allThreads)
    {
        StackWalker walker = new(_heap.Memory, _heap.Runtime(threadStateCurrent: _current));
        return new BlockingSampleTaker(walker, pauser, activity: null).Take(0, allThreads);
    }

    private void HoldGil(ulong threadState) => _heap.Memory.WriteU64(_current, threadState);

    private void LinkLateThread(bool linked) =>
        _heap.Memory.WriteU64(_worker + (ulong)_heap.Layout.ThreadNext, linked ? _late : 0);

    private ulong ReadPointer(ulong address)
    {
        Span<byte> buffer = stackalloc byte[8];
        _heap.Memory.Read(address, buffer);
        return BitConverter.ToUInt64(buffer);
    }
}
