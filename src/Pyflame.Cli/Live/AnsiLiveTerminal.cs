using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pyflame.Cli.Live;

/// <summary>
/// The real terminal: the alternate screen (so the shell's screen comes back intact), keys from
/// <see cref="System.Console"/>, and each refresh rendered by Spectre.Console into one string that
/// overwrites the previous one in place (home, clear each line's end, clear below: no flicker).
/// </summary>
internal sealed class AnsiLiveTerminal : ILiveTerminal
{
    private const string EnterSequence = "\e[?1049h\e[?25l\e[H\e[2J";
    private const string LeaveSequence = "\e[0m\e[?25h\e[?1049l";
    private readonly TextWriter _out;
    private int _entered;
    private bool _inputGone;

    public AnsiLiveTerminal(TextWriter output) => _out = output;

    public void Enter()
    {
        Interlocked.Exchange(ref _entered, 1);
        Write(EnterSequence);
    }

    public bool TryReadKey(out ConsoleKeyInfo key)
    {
        key = default;
        if (_inputGone)
        {
            return false;
        }

        try
        {
            if (!System.Console.KeyAvailable)
            {
                return false;
            }

            key = System.Console.ReadKey(intercept: true);
            // A hung-up terminal reads as endless empty keys: stop reading it.
            _inputGone = key.Key == 0 && key.KeyChar == '\0';
            return !_inputGone;
        }
        catch (InvalidOperationException)
        {
            return false; // stdin is not a terminal (it was checked at start; it may have gone)
        }
    }

    public void Show(LiveScreen screen)
    {
        (int width, int height) = Size();
        IRenderable frame = LiveScreenRenderer.Render(screen, width, height);
        Write(Frame(frame, width, height));
    }

    public void Leave()
    {
        if (Interlocked.Exchange(ref _entered, 0) == 1)
        {
            Write(LeaveSequence);
        }
    }

    /// <summary>Renders <paramref name="frame"/> as ANSI text of at most <paramref name="height"/> lines, to draw from the top-left corner.</summary>
    internal static string Frame(IRenderable frame, int width, int height)
    {
        StringWriter text = new() { NewLine = "\n" };
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = width;
        console.Profile.Height = height;
        console.Write(frame);
        string[] lines = text.ToString().TrimEnd('\n').Split('\n');
        StringBuilder screen = new("\e[H");
        for (int i = 0; i < Math.Min(lines.Length, height); i++)
        {
            screen.Append(i == 0 ? "" : "\r\n").Append(lines[i]).Append("\e[0m\e[K");
        }

        return screen.Append("\e[J").ToString();
    }

    private static (int Width, int Height) Size()
    {
        try
        {
            return (Math.Max(40, System.Console.WindowWidth), Math.Max(10, System.Console.WindowHeight));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return (80, 24);
        }
    }

    private void Write(string text)
    {
        _out.Write(text);
        _out.Flush();
    }
}
