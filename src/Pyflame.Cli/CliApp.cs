using System.CommandLine;
using Pyflame.Cli.CommandLine;
using Pyflame.Cli.Console;
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
    public static int Run(string[] args) => Run(args, new SystemConsole());

    public static int Run(IReadOnlyList<string> args, IConsole console)
    {
        try
        {
            return Dispatch(args, console);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"pyflame: {e.Message} (see pyflame --help)");
            return ExitCodes.UsageError;
        }
        catch (CommandNotFoundException e)
        {
            console.Error.WriteLine($"pyflame: {e.Message}");
            return ExitCodes.CommandNotFound;
        }
        catch (TargetException e)
        {
            console.Error.WriteLine($"pyflame: {e.Message}");
            return ExitCodes.TargetError;
        }
        catch (TargetAccessException e)
        {
            console.Error.WriteLine($"pyflame: {e.Message}");
            return ExitCodes.TargetError;
        }
        catch (FlameChartFormatException e)
        {
            console.Error.WriteLine($"pyflame: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"pyflame: internal error ({e.GetType().Name}): {e.Message.ReplaceLineEndings(" ")}; please report it with the command you ran");
            return ExitCodes.InternalError;
        }
    }

    private static int Dispatch(IReadOnlyList<string> args, IConsole console)
    {
        TraceSplit split = TraceSplit.From(args);
        RootCommand root = PyflameOptions.CreateRootCommand();
        ParseResult parsed = root.Parse(split.PyflameArgs);
        if (parsed.GetValue(PyflameOptions.Version) && parsed.Errors.Count == 0)
        {
            using Stream stdout = console.OpenStandardOutput();
            using StreamWriter writer = new(stdout) { NewLine = "\n" };
            writer.WriteLine($"pyflame {VersionText()}");
            return ExitCodes.Success;
        }

        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(parsed.Errors[0].Message);
        }

        if (parsed.Action is System.CommandLine.Help.HelpAction)
        {
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

        return request.TraceCommand is null ? AttachSession.Run(request, console) : TraceSession.Run(request, console);
    }

    internal static string VersionText() =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(CliApp).Assembly)?.InformationalVersion.Split('+')[0] ?? "unknown";
}
