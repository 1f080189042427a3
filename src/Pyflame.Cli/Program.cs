namespace Pyflame.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // First, before anything slow: until these handlers exist, SIGINT/SIGTERM/SIGHUP kill pyflame without a word.
        using Session.SignalCancellation signals = new();
        return CliApp.Run(args, new Console.SystemConsole(), signals);
    }
}
