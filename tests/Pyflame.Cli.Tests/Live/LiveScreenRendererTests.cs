using Pyflame.Cli.Live;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class LiveScreenRendererTests
{
    private static string[] Draw(LiveScreen screen, int width, int height)
    {
        string frame = AnsiLiveTerminal.Frame(LiveScreenRenderer.Render(screen, width, height), width, height);
        // Drop escape sequences to read the text as a terminal would show it.
        return System.Text.RegularExpressions.Regex.Replace(frame, @"\e\[[0-9;?]*[A-Za-z]", "").Split("\r\n");
    }

    private static LiveScreen Screen()
    {
        ManualTime time = new();
        LiveViewModel model = new(Recorded(), Target, time);
        time.Advance(TimeSpan.FromSeconds(2));
        return model.Screen();
    }

    [Fact]
    public void Shows_the_target_the_counts_the_rows_and_the_keys()
    {
        string[] lines = Draw(Screen(), 160, 30);

        Assert.Equal("pyflame --live · PID 4321 · Python 3.12.1 · python3 app.py", lines[0].TrimEnd());
        Assert.Equal("samples 10 · rate 5.0/s of 100/s · errors 0 (0.0%) · threads 2 · GIL held 60.0% · idle 40.0% · recorded 2.0 s · nonblocking", lines[1].TrimEnd());
        Assert.Equal("by line · sorted by own · all threads · idle hidden", lines[2].TrimEnd());
        Assert.Matches(@"^\s*Own %\s+Total %\s+Own s\s+Total s\s+Function\s+File:Line\s*$", lines[3]);
        Assert.Matches(@"^\s*60\.0\s+60\.0\s+1\.20\s+1\.20\s+crunch\s+/srv/crunch\.py:3\s*$", lines[4]);
        Assert.StartsWith("keys: 1-4 sort", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_to_the_screen_height_and_shortens_long_paths_from_the_left()
    {
        LiveRecorder recorder = new(1, null, TimeSpan.FromMilliseconds(10));
        string path = "/very/long/" + new string('d', 150) + "/module.py";
        for (int i = 0; i < 30; i++)
        {
            recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, new Core.Model.FrameInfo(path, $"f{i}", i + 1))));
        }

        LiveScreen screen = new LiveViewModel(recorder, Target, new ManualTime()).Screen();
        string[] lines = Draw(screen, 100, 12);

        Assert.True(12 == lines.Length && lines[^1].StartsWith("keys:", StringComparison.Ordinal), string.Join("|\n", lines));
        Assert.All(lines, l => Assert.True(l.Length <= 100, l));
        Assert.Matches(@"f0\s+…d+/module\.py:1\s*$", lines[4]);
    }

    [Fact]
    public void An_empty_screen_says_no_samples_yet()
    {
        LiveRecorder recorder = new(1, null, TimeSpan.FromMilliseconds(10));

        string[] lines = Draw(new LiveViewModel(recorder, Target, new ManualTime()).Screen(), 100, 20);

        Assert.Contains(lines, l => l.Contains("(no samples yet)", StringComparison.Ordinal));
    }
}
