namespace Pyflame.Core.Model;

/// <summary>Why a stack could not be read, as far as the remedy goes (the summary after a run sorts failures by it).</summary>
public enum FailureCause
{
    /// <summary>Memory that could not be read, or is not what it should be: pausing does not change it.</summary>
    Unreadable,

    /// <summary>The stack changed while it was read (a torn read): cured by pausing (--blocking) when not paused.</summary>
    Changing,

    /// <summary>A frame chain longer than the walk limit: a runaway recursion or a corrupt chain; pausing does not change it.</summary>
    TooDeep,
}
