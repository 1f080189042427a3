using Pyflame.Cli.Progress;

namespace Pyflame.Cli.Tests.Progress;

public sealed class ProgressLineTests
{
    [Fact]
    public void Says_elapsed_of_total_samples_rate_and_errors()
    {
        Assert.Equal("pyflame: recording 2.5/10 s · 250 samples · 100/s · 3 errors",
            ProgressLine.Text(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(10), 250, 3));
        Assert.Equal("pyflame: recording 4.0 s · 40 samples · 10/s · 0 errors",
            ProgressLine.Text(TimeSpan.FromSeconds(4), null, 40, 0));
    }

    [Fact]
    public void Is_rewritten_in_place_and_erased_at_the_end()
    {
        StringWriter error = new();
        ProgressLine line = new(error, TimeSpan.FromSeconds(10));

        line.Show(TimeSpan.FromSeconds(1), 100, 0);
        line.Show(TimeSpan.FromSeconds(2), 200, 0);
        line.Clear();
        line.Clear();

        Assert.Equal("\r\e[Kpyflame: recording 1.0/10 s · 100 samples · 100/s · 0 errors\r\e[Kpyflame: recording 2.0/10 s · 200 samples · 100/s · 0 errors\r\e[K", error.ToString());
    }

    [Fact]
    public void Writes_nothing_when_never_shown()
    {
        StringWriter error = new();

        new ProgressLine(error, null).Clear();

        Assert.Empty(error.ToString());
    }
}
