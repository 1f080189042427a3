using System.Runtime.InteropServices;

namespace Pyflame.Cli.Session;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP end sampling early (the profile so far is still written and pyflame
/// exits 0); they do not kill pyflame outright. Made first thing in Main: a signal that arrives while pyflame
/// starts (locating Python takes a while) must not kill it silently (.NET's default) but end it cleanly.
/// In trace mode the signals are passed on to the command once it runs (<see cref="ForwardTo"/>), including
/// any that arrived before it started.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<PosixSignal> _early = [];
    private readonly List<PosixSignalRegistration> _registrations = [];
    private CancellationTokenSource _source = new();
    private Action<PosixSignal>? _forward;

    public SignalCancellation()
    {
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Cancelled by a signal (never while signals are forwarded).</summary>
    public CancellationToken Token
    {
        get
        {
            lock (_lock)
            {
                return _source.Token;
            }
        }
    }

    /// <summary>From now on signals go to <paramref name="forward"/>; those that arrived before are passed on now.</summary>
    public void ForwardTo(Action<PosixSignal> forward)
    {
        lock (_lock)
        {
            _forward = forward;
            foreach (PosixSignal signal in _early)
            {
                forward(signal);
            }

            _early.Clear();
            if (_source.IsCancellationRequested)
            {
                // The signal was the command's to answer: it is passed on, and sampling goes on until the command ends.
                _source.Dispose();
                _source = new CancellationTokenSource();
            }
        }
    }

    /// <summary>Ends sampling as a signal would, from inside pyflame (the live view's q).</summary>
    public void Cancel()
    {
        lock (_lock)
        {
            _source.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        lock (_lock)
        {
            if (_forward is not null)
            {
                _forward(context.Signal);
                return;
            }

            _early.Add(context.Signal);
            _source.Cancel();
        }
    }
}
