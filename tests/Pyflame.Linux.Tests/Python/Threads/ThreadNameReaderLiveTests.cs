using Pyflame.Core.Model;
using System.Globalization;
using System.Text;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;
using Pyflame.Linux.Tests.Support;

namespace Pyflame.Linux.Tests.Python.Threads;

/// <summary>
/// Reads thread names out of real interpreters of every version and checks them against what each
/// thread says about itself (threading.get_ident() and its name, hex-encoded UTF-8 so no locale matters).
/// </summary>
public sealed class ThreadNameReaderLiveTests
{
    // Python 2.7 and 3.x compatible. "sleepy" gets its __dict__ materialised (vars()), "worker-ü1" does not,
    // so 3.11+ exercise both the dict and the values-only layouts. The raw _thread thread is unknown to threading.
    private const string Script = """
        import binascii, sys, threading, time
        try:
            import _thread as raw_thread
        except ImportError:
            import thread as raw_thread
        get_ident = getattr(threading, "get_ident", None) or raw_thread.get_ident
        WORKER = u"worker-\u00fc1"
        if sys.version_info[0] == 2:
            WORKER = WORKER.encode("utf-8")
        lock = threading.Lock()
        def report(name):
            data = name if isinstance(name, bytes) else name.encode("utf-8")
            with lock:
                sys.stdout.write("THREAD %d %s\n" % (get_ident(), binascii.hexlify(data).decode("ascii") or "-"))
                sys.stdout.flush()
        stop = threading.Event()
        def run():
            report(threading.current_thread().name)
            stop.wait(600)
        def raw():
            report(b"")
            stop.wait(600)
        worker = threading.Thread(target=run, name=WORKER)
        sleepy = threading.Thread(target=run, name="sleepy")
        vars(sleepy)
        for t in (worker, sleepy):
            t.daemon = True
            t.start()
        raw_thread.start_new_thread(raw, ())
        report(threading.current_thread().name)
        while sys.version_info >= (3,) and len(threading._active) < 3:
            time.sleep(0.01)
        time.sleep(0.3)
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        time.sleep(600)
        """;

    public static TheoryData<string> Interpreters() => TargetPythons.Present();

    [Theory]
    [MemberData(nameof(Interpreters))]
    public void Reads_every_threading_name_by_pthread_id(string interpreter)
    {
        PythonTarget? python = null;
        try
        {
            python = PythonTarget.StartNamed(interpreter, Script, "READY");
            Dictionary<ulong, string> truth = ParseReports(python.Output);
            using LinuxTargetProcess target = LinuxTargetProcess.Open(python.Pid);
            PythonRuntime runtime = InterpreterLocator.Locate(target, null);
            Assert.True(target.Memory.TryReadPointer(runtime.InterpreterHeadPointer, out ulong interpreterState));
            ThreadNameReader reader = new(target.Memory, runtime);

            // Twice: the second read matches dict keys by the addresses the first one proved.
            for (int round = 0; round < 2; round++)
            {
                Dictionary<ulong, string> names = [];
                Assert.True(reader.TryReadNames(interpreterState, names), $"round {round}: names not readable");

                string[] expected = ["MainThread", "worker-ü1", "sleepy"];
                Assert.Equal(expected.Order(StringComparer.Ordinal), names.Values.Order(StringComparer.Ordinal));
                foreach ((ulong ident, string name) in truth)
                {
                    if (name.Length == 0)
                    {
                        Assert.False(names.ContainsKey(ident), $"the raw _thread thread {ident:x} has no threading name");
                    }
                    else
                    {
                        Assert.True(names.TryGetValue(ident, out string? read), $"no name for thread {ident:x} ({name})");
                        Assert.Equal(name, read);
                    }
                }
            }

            AssertIdentsArePthreadIds(target, runtime, truth.Keys);
        }
        finally
        {
            python?.Dispose();
        }
    }

    /// <summary>The keys of threading._active are the thread states' thread_id (what ThreadStack.PthreadId carries).</summary>
    private static void AssertIdentsArePthreadIds(LinuxTargetProcess target, PythonRuntime runtime, IEnumerable<ulong> idents)
    {
        List<ThreadRecord> threads = [];
        Assert.True(new StackWalker(target.Memory, runtime).TryReadThreads(threads, [], out ReadFailure? error), error?.Text);
        Assert.Equal(idents.Order(), threads.Select(thread => thread.PthreadId).Order());
    }

    private static Dictionary<ulong, string> ParseReports(string output)
    {
        Dictionary<ulong, string> reports = [];
        foreach (string line in output.Split('\n'))
        {
            string[] parts = line.Trim().Split(' ');
            if (parts.Length == 3 && parts[0] == "THREAD")
            {
                string name = parts[2] == "-" ? string.Empty : Encoding.UTF8.GetString(Convert.FromHexString(parts[2]));
                reports[ulong.Parse(parts[1], CultureInfo.InvariantCulture)] = name;
            }
        }

        Assert.Equal(4, reports.Count);
        return reports;
    }
}
