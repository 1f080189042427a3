namespace Pyflame.Cli.CommandLine;

/// <summary>
/// `-t`/`--trace` must be pyflame's last option: everything after it is the command to run and its own
/// arguments (`pyflame -t python3 -c '...'`), so it is cut off before the parser sees it.
/// </summary>
internal sealed record TraceSplit(IReadOnlyList<string> PyflameArgs, IReadOnlyList<string>? Command)
{
    /// <summary>Options whose value is the next token, so a value that happens to be "-t" is not taken for trace mode.</summary>
    private static readonly HashSet<string> s_optionsWithValue =
        ["-p", "--pid", "-s", "--seconds", "-r", "--rate", "-o", "--output", "--abi", "--format", "--mode"];

    public static TraceSplit From(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg is "-t" or "--trace")
            {
                return new TraceSplit(args.Take(i).ToList(), args.Skip(i + 1).ToList());
            }

            if (arg.StartsWith("--trace=", StringComparison.Ordinal))
            {
                return new TraceSplit(args.Take(i).ToList(), [arg["--trace=".Length..], .. args.Skip(i + 1)]);
            }

            if (s_optionsWithValue.Contains(arg))
            {
                i++;
            }
        }

        return new TraceSplit(args, null);
    }
}
