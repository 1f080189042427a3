using System.Globalization;
using System.Text.RegularExpressions;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>Assertions shared by the end-to-end tests; every message carries the full CLI output.</summary>
internal static partial class ProfileAssert
{
    /// <summary>Share of non-idle samples the target's known stack must reach.</summary>
    public const double DominantShare = 0.8;

    /// <summary>The run succeeded and printed a well-formed folded profile on stdout.</summary>
    public static FoldedProfile Succeeded(ChildProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"pyflame failed:\n{result.Describe()}");
        NoStackTrace(result);
        return Parse(result.Stdout, result);
    }

    public static FoldedProfile Parse(byte[] output, ChildProcessResult result)
    {
        try
        {
            return FoldedProfile.Parse(output);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new Xunit.Sdk.XunitException($"malformed folded output: {e.Message}\n{result.Describe()}");
        }
    }

    /// <summary>At least <see cref="DominantShare"/> of non-idle samples have exactly <paramref name="expected"/>.</summary>
    public static void Dominated(FoldedProfile profile, IReadOnlyList<string> expected, ChildProcessResult result)
    {
        long matching = profile.CountOf(expected);
        long nonIdle = profile.NonIdleSamples;
        string detail = $"expected stack ({expected.Count} frames):\n  {string.Join(';', expected)}\n" +
                        $"matched {matching} of {nonIdle} non-idle samples; {profile.Summary()}\n{result.Describe()}";
        Assert.True(nonIdle > 0, $"no non-idle samples\n{detail}");
        Assert.True(matching >= DominantShare * nonIdle, detail);
    }

    /// <summary>
    /// For a program traced from its start: among the samples taken in <paramref name="script"/>'s own
    /// code (outermost frame in that file, so interpreter start-up imports are left out, and no importlib frame,
    /// so neither are the script's own import statements) at least <see cref="DominantShare"/> have exactly
    /// <paramref name="expected"/>, and there are some.
    /// </summary>
    public static void ScriptDominated(FoldedProfile profile, string script, IReadOnlyList<string> expected, ChildProcessResult result)
    {
        long inScript = profile.Stacks
            .Where(s => s.Frames[0].StartsWith(script + ":", StringComparison.Ordinal) && !s.Frames.Any(IsImportMachinery))
            .Sum(s => s.Count);
        long matching = profile.CountOf(expected);
        string detail = $"expected stack:\n  {string.Join(';', expected)}\nmatched {matching} of {inScript} samples in {script}; {profile.Summary()}\n{result.Describe()}";
        Assert.True(matching > 0, $"no sample has the expected stack\n{detail}");
        Assert.True(matching >= DominantShare * inScript, detail);
    }

    /// <summary>importlib's frames: "&lt;frozen importlib._bootstrap&gt;" on 3.x, importlib's own files where it is not frozen.</summary>
    private static bool IsImportMachinery(string frame) =>
        frame.StartsWith("<frozen importlib", StringComparison.Ordinal) || frame.Contains("/importlib/", StringComparison.Ordinal);

    /// <summary>The CLI contract for errors: non-zero exit, one non-empty stderr line, no stack trace, empty stdout.</summary>
    public static void CliError(ChildProcessResult result)
    {
        Assert.True(result.ExitCode != 0, $"expected a non-zero exit code\n{result.Describe()}");
        Assert.True(result.Stdout.Length == 0, $"expected nothing on stdout\n{result.Describe()}");
        string[] lines = result.Stderr.EndsWith('\n') ? result.Stderr[..^1].Split('\n') : result.Stderr.Split('\n');
        Assert.True(lines.Length == 1 && lines[0].Trim().Length > 0,
            $"expected exactly one non-empty stderr line, got {lines.Length.ToString(CultureInfo.InvariantCulture)}\n{result.Describe()}");
        NoStackTrace(result);
    }

    /// <summary>
    /// No .NET exception text: on stderr, an indented <c>at X.Y(</c> frame or "Exception:" anywhere; on stdout, which
    /// is a profile, only a frame or a line that starts with an exception's type name (<c>System.IO.IOException: </c>,
    /// <c>Unhandled exception.</c>), since Python frames such as unittest's
    /// <c>suite.py:_addClassOrModuleLevelException:238</c> put "Exception:" in the middle of a folded line.
    /// </summary>
    public static void NoStackTrace(ChildProcessResult result)
    {
        Assert.False(StackTraceLine().IsMatch(result.Stderr) || result.Stderr.Contains("Exception:", StringComparison.Ordinal),
            $"stderr contains a .NET stack trace or exception\n{result.Describe()}");
        Assert.False(StackTraceLine().IsMatch(result.StdoutText) || ExceptionLine().IsMatch(result.StdoutText),
            $"stdout contains a .NET stack trace or exception\n{result.Describe()}");
    }

    [GeneratedRegex(@"^(Unhandled exception\.|[\w.]*Exception: )", RegexOptions.Multiline)]
    private static partial Regex ExceptionLine();

    [GeneratedRegex(@"^\s+at .*\(", RegexOptions.Multiline)]
    private static partial Regex StackTraceLine();
}
