namespace Pyflame.Core.Memory;

/// <summary>
/// The repeated steps of a sample, as <see cref="PageCacheMemoryReader"/> knows them: each remembers the pages it
/// touched in its last runs, and starting it fetches them in one batch. The member count sizes the cache.
/// </summary>
public enum ReadPhase
{
    /// <summary>Blocking mode, before the pause: which thread(s) to stop.</summary>
    Find,

    /// <summary>The thread list and the stacks (blocking mode: once stopped; non-blocking: the sample's one batch).</summary>
    Walk,

    /// <summary>Non-blocking mode: every walked stack's anchor, read again after the walks.</summary>
    Recheck,

    /// <summary>Non-blocking mode: a stack walked again after its callers moved.</summary>
    Retry,

    /// <summary>Non-blocking mode: the anchor of a stack walked again, read again.</summary>
    RetryRecheck,
}
