using Pyflame.Cli.Live;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Tests.Live;

/// <summary>Synthetic samples for the live view's tests: a worker thread and a main thread with known stacks.</summary>
internal static class LiveSamples
{
    public const int MainTid = 100;
    public const int WorkerTid = 200;

    public static readonly FrameInfo Module = new("/srv/app.py", "<module>", 1);
    public static readonly FrameInfo Serve = new("/srv/app.py", "serve", 10);
    public static readonly FrameInfo ParseA = new("/srv/parse.py", "parse", 5);
    public static readonly FrameInfo ParseB = new("/srv/parse.py", "parse", 9);
    public static readonly FrameInfo Crunch = new("/srv/crunch.py", "crunch", 3);
    public static readonly FrameInfo Wait = new("/usr/lib/python3.12/threading.py", "wait", 320);

    public static readonly LiveTarget Target = new(4321, "python3 app.py", "3.12.1", TimeSpan.FromMilliseconds(10), PausePolicy.Never);

    public static ThreadStack Thread(int tid, bool gil, bool idle, params FrameInfo[] innermostFirst) =>
        new(0x1000UL + (ulong)tid, 0x7f00UL + (ulong)tid, tid, tid == MainTid ? "MainThread" : "worker", gil, idle, innermostFirst);

    public static Sample Tick(params ThreadStack[] threads) => new(1_000_000, SampleOutcome.Stacks, threads);

    public static Sample Failed() => new(1_000_000, SampleOutcome.Failed, [], ReadFailure.Changing("torn"));

    /// <summary>
    /// 10 ticks. Main: parse:5 ×3, parse:9 ×2 (under serve), idle in wait ×5. Worker: crunch ×6 (holding the GIL), idle ×4.
    /// </summary>
    public static LiveRecorder Recorded()
    {
        LiveRecorder recorder = new(Target.Pid, Target.Command, Target.Interval);
        for (int i = 0; i < 10; i++)
        {
            ThreadStack main = i switch
            {
                < 3 => Thread(MainTid, gil: false, idle: false, ParseA, Serve, Module),
                < 5 => Thread(MainTid, gil: false, idle: false, ParseB, Serve, Module),
                _ => Thread(MainTid, gil: false, idle: true, Wait, Serve, Module),
            };
            ThreadStack worker = i < 6
                ? Thread(WorkerTid, gil: true, idle: false, Crunch)
                : Thread(WorkerTid, gil: false, idle: true, Wait);
            recorder.OnSample(Tick(main, worker));
        }

        return recorder;
    }
}
