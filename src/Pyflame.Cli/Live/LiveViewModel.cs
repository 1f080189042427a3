using Pyflame.Core.Model;

namespace Pyflame.Cli.Live;

/// <summary>
/// The live view's logic, without a terminal: applies key commands (sort, lines or functions, thread
/// filter, idle, pause, reset, quit) and builds each refresh's <see cref="LiveScreen"/> from the recorder.
/// Time recorded is measured with <see cref="TimeProvider"/> and leaves out paused stretches.
/// </summary>
internal sealed class LiveViewModel(LiveRecorder recorder, LiveTarget target, TimeProvider time)
{
    private IReadOnlyList<LiveThread> _threads = [];
    private IReadOnlyList<SampleProcess> _processes = [];
    private TimeSpan _recordedBefore;
    private long? _recordingSince = time.GetTimestamp();

    public LiveViewState State { get; private set; } = LiveViewState.Initial;

    public bool QuitRequested { get; private set; }

    public void Handle(LiveCommand command)
    {
        LiveViewState s = State;
        switch (command)
        {
            case LiveCommand.Quit:
                QuitRequested = true;
                break;
            case LiveCommand.SortOwn or LiveCommand.SortTotal or LiveCommand.SortFunction or LiveCommand.SortFile:
                State = s with { Sort = (LiveSort)(command - LiveCommand.SortOwn) };
                break;
            case LiveCommand.NextSort:
                State = s with { Sort = (LiveSort)(((int)s.Sort + 1) % ((int)LiveSort.File + 1)) };
                break;
            case LiveCommand.ToggleLines:
                State = s with { ByLine = !s.ByLine };
                break;
            case LiveCommand.NextThread or LiveCommand.PreviousThread:
                State = s with { ThreadId = StepThread(s.ThreadId, command == LiveCommand.NextThread ? 1 : -1) };
                break;
            case LiveCommand.NextProcess or LiveCommand.PreviousProcess:
                State = s with { ProcessId = StepProcess(s.ProcessId, command == LiveCommand.NextProcess ? 1 : -1), ThreadId = null };
                break;
            case LiveCommand.ToggleIdle:
                State = s with { ShowIdle = !s.ShowIdle };
                break;
            case LiveCommand.TogglePause:
                SetPaused(!s.Paused);
                break;
            case LiveCommand.Reset:
                recorder.Reset();
                _recordedBefore = TimeSpan.Zero;
                _recordingSince = State.Paused ? null : time.GetTimestamp();
                break;
        }
    }

    public LiveScreen Screen()
    {
        LiveSnapshot snapshot = recorder.Snapshot();
        // By thread id: the main thread (whose id is the PID) first, then in the order the OS created them.
        // With --subprocesses: processes by PID, and the thread keys step through the chosen process's threads only.
        _processes = [.. snapshot.Profile.Threads.Select(t => t.Process).OfType<SampleProcess>().DistinctBy(p => p.Pid).OrderBy(p => p.Pid)];
        _threads = [.. snapshot.Profile.Threads
            .Where(t => State.ProcessId is not { } pid || t.Process?.Pid == pid)
            .Select(t => new LiveThread(t.NativeThreadId, t.Name) { Process = t.Process }).OrderBy(t => t.NativeThreadId)];
        LiveThread? shown = State.ThreadId is { } id ? _threads.FirstOrDefault(t => t.NativeThreadId == id) ?? new LiveThread(id, null) : null;
        SampleProcess? process = State.ProcessId is { } shownPid ? _processes.FirstOrDefault(p => p.Pid == shownPid) ?? new SampleProcess(shownPid, string.Empty) : null;
        TimeSpan recorded = _recordedBefore + (_recordingSince is { } since ? time.GetElapsedTime(since) : TimeSpan.Zero);
        return new LiveScreen(target, snapshot.Counts, recorded, State, shown, LiveTable.Build(snapshot.Profile, State)) { Process = process };
    }

    private void SetPaused(bool paused)
    {
        recorder.Paused = paused;
        if (paused && _recordingSince is { } since)
        {
            _recordedBefore += time.GetElapsedTime(since);
            _recordingSince = null;
        }
        else if (!paused)
        {
            _recordingSince ??= time.GetTimestamp();
        }

        State = State with { Paused = paused };
    }

    /// <summary>All threads, then each thread by id, then all again (backwards with -1).</summary>
    private int? StepThread(int? current, int step)
    {
        int count = _threads.Count;
        int index = current is { } id ? IndexOf(id) : -1;
        int next = ((index + 1 + step) % (count + 1) + count + 1) % (count + 1) - 1;
        return next < 0 ? null : _threads[next].NativeThreadId;
    }

    /// <summary>All processes, then each by PID, then all again (backwards with -1).</summary>
    private int? StepProcess(int? current, int step)
    {
        int count = _processes.Count;
        int index = current is { } pid ? _processes.ToList().FindIndex(p => p.Pid == pid) : -1;
        int next = ((index + 1 + step) % (count + 1) + count + 1) % (count + 1) - 1;
        return next < 0 ? null : _processes[next].Pid;
    }

    private int IndexOf(int threadId)
    {
        for (int i = 0; i < _threads.Count; i++)
        {
            if (_threads[i].NativeThreadId == threadId)
            {
                return i;
            }
        }

        return -1;
    }
}
