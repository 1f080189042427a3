namespace Pyflame.Cli;

/// <summary>Placeholder until the command line lands; replaced by the real parser.</summary>
internal static class CliApp
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("pyflame: not built yet");
        return args.Length == 0 ? 2 : 2;
    }
}
