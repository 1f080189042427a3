namespace Pyflame.Linux;

/// <summary>What <see cref="LaunchFollower"/> asks about the processes of a launched command (the CLI knows Python, this layer does not).</summary>
public interface ILaunchWatcher
{
    /// <summary>Right after an exec: true when the new image may become a Python process, so it is stepped through its start-up.</summary>
    bool MayBecomePython(int pid);

    /// <summary>True when the process's interpreter exists and can be sampled now.</summary>
    bool IsReady(int pid);

    /// <summary>The process exec'd or exited: whatever was learnt about it no longer holds.</summary>
    void Forget(int pid);
}
