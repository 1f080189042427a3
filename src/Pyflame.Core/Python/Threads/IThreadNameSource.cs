namespace Pyflame.Core.Python.Threads;

/// <summary>Where thread names come from (<see cref="ThreadNameReader"/> for a live target).</summary>
public interface IThreadNameSource
{
    /// <summary>Adds the names known to one interpreter, keyed by pthread id; false when they cannot be read.</summary>
    bool TryReadNames(ulong interpreter, Dictionary<ulong, string> namesByPthreadId);
}
