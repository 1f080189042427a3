using System.Text;
using Pyflame.Cli.Console;
using Pyflame.Linux;

namespace Pyflame.Cli.Session;

/// <summary>
/// Where the profile goes: stdout, or -o FILE. A file is checked and its replacement created beside it before
/// sampling starts, so a bad path fails at once, not after minutes of samples; the profile is written to that
/// temporary file and renamed over FILE by <see cref="Commit"/>, so a failed write (a full disk) never leaves a
/// truncated profile or destroys the previous one. Devices, pipes and /dev/stdout are written in place.
/// </summary>
internal sealed class OutputTarget : IDisposable
{
    private readonly OutputStream _stream;
    private readonly string? _temporaryPath;
    private readonly string? _finalPath;
    private bool _committed;
    private bool _closed;

    private OutputTarget(OutputStream stream, string? temporaryPath = null, string? finalPath = null)
    {
        _stream = stream;
        _temporaryPath = temporaryPath;
        _finalPath = finalPath;
        Writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
    }

    public TextWriter Writer { get; }

    public Stream Stream => _stream;

    /// <summary>"stdout" or the quoted file name, as messages show it.</summary>
    public string Destination => _stream.Destination;

    public static OutputTarget Open(string? path, IConsole console)
    {
        if (path is null)
        {
            Stream stdout = console.OpenStandardOutput();
            return new OutputTarget(stdout as OutputStream ?? new OutputStream(stdout, "stdout"));
        }

        return OpenFile(path);
    }

    /// <summary>-o FILE: refused at once when it cannot be a profile's home (a directory, a /proc file, no such directory).</summary>
    public static OutputTarget OpenFile(string path)
    {
        string shown = $"'{path}'";
        if (Directory.Exists(path))
        {
            throw new UsageException($"cannot write the output file {shown}: it is a directory; name a file in it, e.g. -o {Path.Join(path, "profile.svg")}");
        }

        if (path.StartsWith("/dev/", StringComparison.Ordinal) || FileKind.IsSpecial(path))
        {
            return new OutputTarget(new OutputStream(OpenInPlace(path, shown), shown));
        }

        string real = RealPath(path);
        if (real.StartsWith("/proc/", StringComparison.Ordinal) || real.StartsWith("/sys/", StringComparison.Ordinal))
        {
            throw new UsageException($"cannot write the output file {shown}: it is a kernel file under {real[..real.IndexOf('/', 1)]}, not a place for a profile; name a file elsewhere");
        }

        return CreateBeside(real, shown);
    }

    /// <summary>Closes the output; for a file, puts the finished profile in place. Write failures become <see cref="OutputException"/>.</summary>
    public void Commit()
    {
        Writer.Flush();
        _stream.Flush();
        if (_temporaryPath is null || _finalPath is null)
        {
            return;
        }

        Close();
        try
        {
            // Keep the permissions of the file being replaced (the analyser wants the platform named).
            if (OperatingSystem.IsLinux() && File.Exists(_finalPath))
            {
                File.SetUnixFileMode(_temporaryPath, File.GetUnixFileMode(_finalPath));
            }

            File.Move(_temporaryPath, _finalPath, overwrite: true);
            _committed = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw _stream.Describe(e);
        }
    }

    /// <summary>
    /// After a failed write of a streamed output (-T), whose samples exist nowhere else: a file keeps what reached
    /// it, cut by <paramref name="wholeLength"/> to whole records, in place of FILE. Returns the clause the error
    /// line ends with.
    /// </summary>
    public string KeepWritten(Func<Stream, long> wholeLength)
    {
        if (_temporaryPath is null || _finalPath is null)
        {
            return $"what was written before it is in {Destination}";
        }

        if (_committed)
        {
            return $"the samples written before it are kept in {Destination}";
        }

        try
        {
            Close();
        }
        catch (OutputException)
        {
            // The buffer the device refused is lost; what reached the file is kept below.
        }

        try
        {
            using (FileStream file = new(_temporaryPath, FileMode.Open, FileAccess.ReadWrite))
            {
                file.SetLength(wholeLength(file));
            }

            File.Move(_temporaryPath, _finalPath, overwrite: true);
            _committed = true;
            return $"the samples written before it are kept in {Destination}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the samples written before it could not be kept ({e.Message.ReplaceLineEndings(" ")}), so they are lost";
        }
    }

    /// <summary>Without <see cref="Commit"/> (a failed run or write) the temporary file is removed and FILE left as it was.</summary>
    public void Dispose()
    {
        try
        {
            Close();
        }
        catch (OutputException)
        {
            // Already reported by whoever wrote last; disposing must not throw over it.
        }

        if (_temporaryPath is not null && !_committed)
        {
            File.Delete(_temporaryPath);
        }
    }

    private void Close()
    {
        if (!_closed)
        {
            _closed = true;
            Writer.Dispose();
        }
    }

    private static OutputTarget CreateBeside(string real, string shown)
    {
        string directory = Path.GetDirectoryName(real) ?? "/";
        string temporary = Path.Join(directory, $".{Path.GetFileName(real)}.pyflame-{Environment.ProcessId}.tmp");
        try
        {
            FileStream file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
            return new OutputTarget(new OutputStream(file, shown), temporary, real);
        }
        catch (DirectoryNotFoundException)
        {
            throw new UsageException($"cannot write the output file {shown}: the directory '{directory}' does not exist");
        }
        catch (UnauthorizedAccessException) when (File.Exists(real))
        {
            // A writable file in a directory we may not add files to: write it in place, as `> FILE` would.
            return new OutputTarget(new OutputStream(OpenInPlace(real, shown), shown));
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write the output file {shown}: no permission to create files in '{directory}'");
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot write the output file {shown}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Follows a symbolic link, so the link survives and its target gets the new profile; a dangling one names the file to create.</summary>
    private static string RealPath(string path)
    {
        // Absolute first: .NET resolves a relative link target against the root when the link was named relatively.
        string full = Path.GetFullPath(path);
        try
        {
            return new FileInfo(full).LinkTarget is null ? full : File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException)
        {
            return full; // a link loop: creating the file will report it
        }
    }

    private static FileStream OpenInPlace(string path, string shown)
    {
        try
        {
            return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot write the output file {shown}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
