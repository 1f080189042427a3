using System.Diagnostics;
using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd.Live;

/// <summary>
/// A shell command in a detached tmux pane on a private tmux server: a real terminal the test types into
/// (send-keys) and reads back (capture-pane). The command runs as <c>COMMAND; echo "exited N"; sleep</c>,
/// so after it ends the pane shows its last screen and status, and the terminal state it left behind
/// (alternate screen, cursor) can be asked of tmux; the line mode it left (stty: icanon, echo) is printed before the status.
/// </summary>
internal sealed class TmuxPane : IDisposable
{
    public const string Tmux = "/usr/bin/tmux";
    private const string Session = "live";
    private readonly string _socket = $"pyflame-test-{Guid.NewGuid():N}";

    private TmuxPane()
    {
    }

    public static TmuxPane Start(string shellCommand, int width = 200, int height = 40)
    {
        Assert.True(File.Exists(Tmux), $"{Tmux} is missing: the live view's end-to-end tests need tmux (apt-get install tmux)");
        TmuxPane pane = new();
        pane.Run("-f", "/dev/null", "new-session", "-d", "-s", Session, "-x", Num(width), "-y", Num(height),
            $"{shellCommand}; status=$?; echo \"tty: $(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')\"; echo \"pyflame exited $status\"; exec sleep 600");
        return pane;
    }

    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>What the pane shows now (the alternate screen while a full-screen program has it).</summary>
    public string Capture() => Run("capture-pane", "-p", "-t", Session);

    /// <summary>True while the program is on the alternate screen.</summary>
    public bool AlternateScreen => Display("#{alternate_on}") == "1";

    public bool CursorVisible => Display("#{cursor_flag}") == "1";

    /// <summary>The shell's pid: the pane's own process, whose child is pyflame.</summary>
    public int ShellPid => int.Parse(Display("#{pane_pid}"), CultureInfo.InvariantCulture);

    /// <summary>Types keys: tmux key names (q, 2, Space, C-c).</summary>
    public void SendKeys(params string[] keys) => Run(["send-keys", "-t", Session, .. keys]);

    /// <summary>Polls the screen until <paramref name="done"/> holds for it; fails with the last screen otherwise.</summary>
    public string WaitForScreen(Func<string, bool> done, string what, TimeSpan? timeout = null)
    {
        Stopwatch clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(60)))
        {
            screen = Capture();
            if (done(screen))
            {
                return screen;
            }

            Thread.Sleep(200);
        }

        Assert.Fail($"the pane never showed {what}; last screen:\n{screen}");
        return screen;
    }

    /// <summary>Waits for the command to end and returns its exit status and final screen.</summary>
    public (int Status, string Screen) WaitForExit(TimeSpan? timeout = null)
    {
        string screen = WaitForScreen(s => s.Contains("pyflame exited ", StringComparison.Ordinal), "the command's end", timeout);
        string status = screen[(screen.LastIndexOf("pyflame exited ", StringComparison.Ordinal) + "pyflame exited ".Length)..].Split('\n')[0].Trim();
        return (int.Parse(status, CultureInfo.InvariantCulture), screen);
    }

    public void Dispose() => Run("kill-server");

    private string Display(string format) => Run("display-message", "-p", "-t", Session, format).Trim();

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private string Run(params string[] arguments)
    {
        ProcessStartInfo info = new(Tmux) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using Process tmux = Process.Start(info)!;
        string output = tmux.StandardOutput.ReadToEnd();
        string error = tmux.StandardError.ReadToEnd();
        tmux.WaitForExit();
        if (tmux.ExitCode != 0 && arguments[0] != "kill-server")
        {
            Assert.Fail($"tmux {string.Join(' ', arguments)} failed ({tmux.ExitCode}): {error}");
        }

        return output;
    }
}
