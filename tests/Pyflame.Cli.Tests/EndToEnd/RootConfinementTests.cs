using System.Diagnostics;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target in its own mount namespace replaces the libpython it mapped with a symbolic link to an absolute path
/// that names nothing in its world, while the host has a FIFO (pyflame once blocked opening it, for good) or
/// another Python's libpython there (pyflame once read that instead). Files of the target are opened only inside its
/// root and only if regular, so pyflame falls back to the mapped inode itself and profiles the target correctly.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RootConfinementTests
{
    [Theory]
    [InlineData("fifo")]
    [InlineData("other-libpython")]
    public void A_link_out_of_the_targets_root_is_never_followed(string hostFile)
    {
        PythonInstallation python = PythonInstallations.Get("pyenv-3.11");
        string hostDirectory = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-hostonly-{Guid.NewGuid():N}");
        Directory.CreateDirectory(hostDirectory);
        string hostPath = Path.Combine(hostDirectory, "libpython.so");
        try
        {
            if (hostFile == "fifo")
            {
                Assert.Equal(0, Run("/usr/bin/mkfifo", hostPath));
            }
            else
            {
                File.Copy("/root/.pyenv/versions/3.12.1/lib/libpython3.12.so.1.0", hostPath);
            }

            // Inside, libpython is a private copy (so the target may rename it) and the host directory is hidden.
            string prelude = $"cp \"$2\"/lib/libpython*.so.1.0 \"$1/lib/\" && mount -t tmpfs pyflame-e2e-hide {hostDirectory}";
            var environment = new Dictionary<string, string> { ["PYFLAME_E2E_SWAP_TO"] = hostPath };
            using ContainerTarget target = ContainerTarget.Start(python, "busy.py", prelude, environment);

            ChildProcessResult result = PyflameRunner.Run("-p", target.PidText, "-s", Durations.Short);

            FoldedProfile profile = ProfileAssert.Succeeded(result);
            ProfileAssert.Dominated(profile, ExpectedStacks.Busy(target.Script), result);
            target.AssertAliveAndNotStopped();
        }
        finally
        {
            File.Delete(hostPath);
            Directory.Delete(hostDirectory);
        }
    }

    private static int Run(string file, params string[] arguments)
    {
        using Process process = Process.Start(file, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }
}
