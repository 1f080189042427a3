namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A 64 KiB tmpfs mounted for one test, to make a disk that is full for real (the suite runs as root, see
/// PermissionTests). <see cref="Fill"/> writes a file until the kernel says ENOSPC. Dispose unmounts it.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private readonly TempDirectory _mountPoint = new();

    private SmallTmpfs()
    {
    }

    public string Path => _mountPoint.Path;

    public string FillerPath => System.IO.Path.Join(Path, "filler");

    public static SmallTmpfs Mount()
    {
        SmallTmpfs disk = new();
        ChildProcessResult mount = ChildProcess.Run("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.Path], PyflameRunner.DefaultTimeout);
        if (mount.ExitCode != 0)
        {
            disk._mountPoint.Dispose();
            Assert.Fail($"could not mount a small tmpfs (the suite must run as root)\n{mount.Describe()}");
        }

        return disk;
    }

    public void Fill()
    {
        using FileStream filler = new(FillerPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        byte[] block = new byte[4096];
        try
        {
            for (int i = 0; i < 1024; i++)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            return; // full
        }

        Assert.Fail($"the tmpfs at {Path} did not fill up after 4 MiB");
    }

    /// <summary>Gives back the last <paramref name="bytes"/> of the filler, so that much more fits before the disk is full again.</summary>
    public void Free(int bytes)
    {
        using FileStream filler = new(FillerPath, FileMode.Open, FileAccess.Write);
        filler.SetLength(Math.Max(0, filler.Length - bytes));
    }

    public void Dispose()
    {
        _ = ChildProcess.Run("/bin/umount", [Path], PyflameRunner.DefaultTimeout);
        _mountPoint.Dispose();
    }
}
