using Pyflame.Core.ProcFs;

namespace Pyflame.Linux;

/// <summary>
/// Translates thread ids as a target sees them into the ids pyflame sees. CPython stores the id that
/// gettid() returned inside the target (3.11+ <c>native_thread_id</c>; glibc's <c>pthread.tid</c> before),
/// which for a process in its own PID namespace (a container) is a namespace-local number: "thread 1"
/// there is some other TID on the host. <c>/proc/PID/task/TID/status</c> lists each thread's id in every
/// nested namespace (NSpid, outermost first), which gives the mapping. Outside a namespace this is the identity.
/// </summary>
public sealed class NamespaceThreadIds
{
    /// <summary>Ids that stayed unknown after a rescan are not rescanned for again, up to this many (torn reads).</summary>
    private const int MaxRememberedMisses = 1024;

    private readonly int _pid;
    private readonly Dictionary<int, int> _toHost = [];
    private readonly HashSet<int> _misses = [];

    private NamespaceThreadIds(int pid, bool isSeparate)
    {
        _pid = pid;
        IsSeparateNamespace = isSeparate;
    }

    /// <summary>True when the target lives in a PID namespace nested below ours, so its ids need translating.</summary>
    public bool IsSeparateNamespace { get; }

    /// <summary>
    /// Reads the target's NSpid: more than one entry means its PID namespace is nested below the one our
    /// /proc shows. Unreadable status (gone, no permission) counts as "same namespace".
    /// </summary>
    public static NamespaceThreadIds For(int pid)
    {
        bool separate = ProcFs.TryReadText(ProcFs.ProcessPath(pid) + "/status", out string? text)
            && ProcStatusParser.TryParse(text, out ProcStatus? status)
            && status.NSpid.Length > 1;
        return new NamespaceThreadIds(pid, separate);
    }

    /// <summary>Our id of the thread the target knows as <paramref name="targetThreadId"/>; unchanged when unknown.</summary>
    public int ToHost(int targetThreadId)
    {
        if (!IsSeparateNamespace || targetThreadId <= 0)
        {
            return targetThreadId;
        }

        if (_toHost.TryGetValue(targetThreadId, out int hostId))
        {
            return hostId;
        }

        if (_misses.Contains(targetThreadId))
        {
            return targetThreadId;
        }

        // A thread we have not seen yet (started since the last scan): rescan all of them once.
        Rescan();
        if (_toHost.TryGetValue(targetThreadId, out hostId))
        {
            return hostId;
        }

        if (_misses.Count >= MaxRememberedMisses)
        {
            _misses.Clear();
        }

        _misses.Add(targetThreadId);
        return targetThreadId;
    }

    private void Rescan()
    {
        _toHost.Clear();
        foreach (int hostTid in ProcFs.ListThreads(_pid))
        {
            string path = ProcFs.ProcessPath(_pid) + "/task/" + hostTid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/status";
            if (ProcFs.TryReadText(path, out string? text) && ProcStatusParser.TryParse(text, out ProcStatus? status) && status.NSpid.Length > 0)
            {
                _toHost[status.NSpid[^1]] = hostTid;
            }
        }
    }
}
