using System.Globalization;
using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace Pyflame.Cli.Session;

/// <summary>
/// Keeps trace mode's command from starting until pyflame is following it. The command's process first reads
/// from a pipe only pyflame can write to, opened through <c>/proc/PYFLAME/fd/N</c> (so nothing is inherited by
/// the command); <see cref="Open"/> closes pyflame's ends and the read returns. If pyflame dies first, the kernel
/// closes them just the same: the command then runs on, never left waiting.
/// </summary>
internal sealed class LaunchGate : IDisposable
{
    // HandleInheritability.None: both ends close on exec, so only pyflame holds them.
    private readonly AnonymousPipeServerStream _pipe = new(PipeDirection.Out, HandleInheritability.None);
    private readonly SafePipeHandle _readEnd;
    private int _open;

    /// <summary>Where the command's process opens the read end.</summary>
    public string ReadEndPath { get; }

    public LaunchGate()
    {
        _readEnd = _pipe.ClientSafePipeHandle; // once exposed, the stream no longer closes it: Open does
        long fd = _readEnd.DangerousGetHandle();
        ReadEndPath = $"/proc/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/fd/{fd.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Lets the command run (idempotent; the launch thread opens it, the session's disposal makes sure).</summary>
    public void Open()
    {
        if (Interlocked.Exchange(ref _open, 1) == 0)
        {
            _pipe.Dispose();
            _readEnd.Dispose();
        }
    }

    public void Dispose() => Open();
}
