using System.Runtime.InteropServices;

namespace Pyflame.Cli.Session;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP end sampling early (the profile so far is still written and pyflame
/// exits 0); they do not kill pyflame outright. In trace mode the signal is also passed on to the child.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalCancellation(Action<PosixSignal>? forward = null)
    {
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                forward?.Invoke(context.Signal);
                if (forward is null)
                {
                    _source.Cancel();
                }
            }));
        }
    }

    public CancellationToken Token => _source.Token;

    public void Cancel() => _source.Cancel();

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
