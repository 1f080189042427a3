namespace Pyflame.Linux;

/// <summary>What one waitpid for any tracee of the calling thread returned.</summary>
internal enum TraceeWait
{
    /// <summary>A tracee changed state; its id and wait status were returned.</summary>
    Event,

    /// <summary>Nothing pending.</summary>
    Nothing,

    /// <summary>ECHILD: the calling thread traces nothing any more.</summary>
    NoTracees,
}
