using System.CommandLine;
using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
using Pyflame.Cli.Documentation;
using Pyflame.Cli.Session;
using Pyflame.Core.Targets;
using Pyflame.Linux;
using Pyflame.Output.FlameChart;

namespace Pyflame.Cli;

/// <summary>
/// Entry point logic: parse, dispatch, and turn every anticipated failure into one line on stderr
/// with a non-zero exit code. Unexpected failures also get one line, never a .NET stack trace.
/// </summary>
internal static class CliApp
{
    public static int Run(IReadOnlyList<string> args, IConsole console)
    {
        using SignalCancellation signals = new();
        return Run(args, console, signals);
    }

    /// <param name="signals">Made by Main before anything else (see <see cref="SignalCancellation"/>).</param>
    public static int Run(IReadOnlyList<string> args, IConsole console, SignalCancellation signals)
    {
        try
        {
            return Dispatch(args, console, signals);
        }
        catch (Exception e)
        {
            (string message, int exitCode) = Describe(e);
            console.Error.WriteLine("pyflame: " + message);
            return exitCode;
        }
    }

    /// <summary>The one line a user sees for a failure, and the exit code that goes with it.</summary>
    private static (string Message, int ExitCode) Describe(Exception e) => e switch
    {
        UsageException => ($"{e.Message} (see pyflame --help)", ExitCodes.UsageError),
        CommandNotFoundException => (e.Message, ExitCodes.CommandNotFound),
        OutputException => (e.Message, ExitCodes.TargetError),
        TargetException or TargetAccessException => (e.Message, ExitCodes.TargetError),
        FlameChartFormatException => (e.Message, ExitCodes.UsageError),
        _ => ($"internal error ({e.GetType().Name}): {e.Message.ReplaceLineEndings(" ")}; please report it with the command you ran", ExitCodes.InternalError),
    };

    private static int Dispatch(IReadOnlyList<string> args, IConsole console, SignalCancellation signals)
    {
        TraceSplit split = TraceSplit.From(args);
        RootCommand root = PyflameOptions.CreateRootCommand();
        ParseResult parsed = root.Parse(split.PyflameArgs);
        if (parsed.GetValue(PyflameOptions.Version) && parsed.Errors.Count == 0)
        {
            using Stream stdout = console.OpenStandardOutput();
            using StreamWriter writer = new(stdout) { NewLine = "\n" };
            writer.WriteLine(BuildVersion.Line);
            return ExitCodes.Success;
        }

        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(parsed.Errors[0].Message);
        }

        if (parsed.GetValue(PyflameOptions.ManPage) || parsed.GetValue(PyflameOptions.BashCompletion))
        {
            using Stream stdout = console.OpenStandardOutput();
            using StreamWriter writer = new(stdout) { NewLine = "\n" };
            writer.Write(parsed.GetValue(PyflameOptions.ManPage) ? ManPage.Render(root, BuildVersion.Version) : BashCompletion.Render(root));
            return ExitCodes.Success;
        }

        if (parsed.Action is System.CommandLine.Help.HelpAction)
        {
            console.OpenStandardOutput().Dispose(); // a closed stdout is one line here, not System.CommandLine's stack trace
            return parsed.Invoke();
        }

        if (parsed.GetValue(PyflameOptions.ConvertFlameChart))
        {
            using Stream stdout = console.OpenStandardOutput();
            FlameChartJsonConverter.Convert(console.In, stdout);
            return ExitCodes.Success;
        }

        ProfileRequest request = ProfileRequestReader.Read(parsed, split.Command);
        foreach (string warning in request.Warnings)
        {
            console.Error.WriteLine(warning);
        }

        if (request.Live && !(console.IsInputTerminal && console.IsOutputTerminal))
        {
            throw new UsageException("--live needs a terminal (stdin and stdout); to record without one, drop --live and use -o FILE");
        }

        return request.TraceCommand is null ? AttachSession.Run(request, console, signals) : TraceSession.Run(request, console, signals);
    }

    internal static string VersionText() => BuildVersion.Version;
}
