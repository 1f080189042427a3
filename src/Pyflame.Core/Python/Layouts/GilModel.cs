namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// Where the thread holding the GIL can be read, by version. The GIL's request flags are deliberately not used to
/// mark threads idle:
/// <list type="bullet">
/// <item>2.7's old GIL has no request flag (a tick count, Python/ceval.c). 3.6-3.12: <c>gil_drop_request</c> is one
/// flag per runtime or interpreter (3.6 a static in Python/ceval_gil.h, 3.7 Include/internal/ceval.h, 3.8
/// Include/internal/pycore_pystate.h, 3.9-3.11 Include/internal/pycore_interp.h <c>_ceval_state</c>, 3.12
/// Include/internal/pycore_ceval_state.h); 3.13+ it is bit 0 of the thread's
/// <c>eval_breaker</c> (Include/internal/pycore_ceval.h, <c>_PY_GIL_DROP_REQUEST_BIT</c>). It asks the holder to let
/// go; it does not say which thread waits, so it cannot mark any thread idle.</item>
/// <item>3.15: each thread carries <c>gil_requested</c> ("Currently requesting the GIL", Include/cpython/pystate.h,
/// published in Include/internal/pycore_debug_offsets.h; set while the thread waits in take_gil, Python/ceval_gil.c).
/// Such a thread is not idle in the user's sense: it has Python work and waits only for the GIL. The OS probe already
/// sees it as not running (it sleeps on the GIL's condition variable), so <c>--mode cpu</c> leaves it out, and
/// wall mode shows its stack; marking it <c>(idle)</c> would hide GIL contention. <see cref="PyLayout.ThreadGilRequested"/>
/// is read with the thread state (same block, no extra read) for a later "waiting for the GIL" marker.</item>
/// </list>
/// </summary>
public enum GilModel
{
    /// <summary>2.7, 3.6: the exported <c>_PyThreadState_Current</c> variable.</summary>
    ThreadStateCurrentSymbol,

    /// <summary>3.7-3.11: <c>_PyRuntime.gilstate.tstate_current</c>.</summary>
    RuntimeTstateCurrent,

    /// <summary>3.12+: per interpreter, <c>interp->ceval.gil</c> → locked ? last_holder : none.</summary>
    InterpreterGil,
}
