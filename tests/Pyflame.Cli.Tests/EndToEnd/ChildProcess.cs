using System.Diagnostics;
using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Runs a program to completion with a timeout, capturing stdout bytes, stderr text and the exit code.</summary>
internal static class ChildProcess
{
    public static ChildProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout) =>
        Run(fileName, arguments, timeout, stdin: null, environment: null);

    /// <summary>As above, writing <paramref name="stdin"/> (UTF-8) before closing stdin, with extra environment variables.</summary>
    public static ChildProcessResult Run(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? stdin, IReadOnlyDictionary<string, string>? environment)
    {
        ProcessStartInfo startInfo = StartInfo(fileName, arguments, environment);
        string commandLine = fileName + " " + string.Join(' ', startInfo.ArgumentList);
        using Process process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {commandLine}");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        Task copyStdout = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readStderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{commandLine} did not finish within {timeout.TotalSeconds:0.#} s; stderr so far: {Completed(readStderr)}");
        }

        // WaitForExit(TimeSpan) does not wait for the redirected streams to reach EOF; these do.
        process.WaitForExit();
        copyStdout.Wait(timeout);
        readStderr.Wait(timeout);
        return new ChildProcessResult(commandLine, process.ExitCode, stdout.ToArray(), readStderr.Result);
    }

    private static string Completed(Task<string> task) => task.IsCompletedSuccessfully ? task.Result : "(not available)";

    /// <summary>A start with every stream redirected (stderr as UTF-8), the arguments and extra environment variables.</summary>
    internal static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }
}
