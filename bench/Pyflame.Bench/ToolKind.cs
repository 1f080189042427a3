namespace Pyflame.Bench;

/// <summary>The profilers compared: each is started and parsed its own way (ProfilerRunner).</summary>
public enum ToolKind
{
    Pyflame,

    /// <summary>Debian bookworm's austin 1.0.1: CPython up to 3.10.</summary>
    Austin1,

    /// <summary>austin 3.7 from Debian sid (needs sid's glibc: run through the sid root's loader).</summary>
    Austin3,

    /// <summary>CPython 3.15's own <c>python3.15 -m profiling.sampling</c>, run inside the sid root; attaches to its own version only.</summary>
    ProfilingSampling,
}
