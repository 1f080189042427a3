namespace Pyflame.Core.Python.Layouts;

/// <summary>Where the thread holding the GIL can be read, by version.</summary>
public enum GilModel
{
    /// <summary>2.7, 3.6: the exported <c>_PyThreadState_Current</c> variable.</summary>
    ThreadStateCurrentSymbol,

    /// <summary>3.7-3.11: <c>_PyRuntime.gilstate.tstate_current</c>.</summary>
    RuntimeTstateCurrent,

    /// <summary>3.12+: per interpreter, <c>interp->ceval.gil</c> → locked ? last_holder : none.</summary>
    InterpreterGil,
}
