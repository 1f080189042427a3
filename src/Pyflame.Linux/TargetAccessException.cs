namespace Pyflame.Linux;

/// <summary>
/// The profiler cannot read or pause the target. <see cref="Exception.Message"/> is one line meant for the
/// user, naming the detected cause and the fix (see <see cref="PermissionDiagnosis"/>).
/// </summary>
public sealed class TargetAccessException : Exception
{
    public TargetAccessException()
    {
    }

    public TargetAccessException(string message)
        : base(message)
    {
    }

    public TargetAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TargetAccessException(int pid, int errno, string message)
        : base(message)
    {
        Pid = pid;
        Errno = errno;
    }

    public int Pid { get; }

    /// <summary>The errno of the failing call, 0 when not known.</summary>
    public int Errno { get; }
}
