using System.Text;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>The harness's own parser must reject what the CLI contract forbids, or the e2e tests prove nothing.</summary>
public sealed class FoldedProfileTests
{
    private static FoldedProfile Parse(string text) => FoldedProfile.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parses_idle_failed_and_stacks_outermost_first()
    {
        FoldedProfile profile = Parse("(idle) 3\n(failed) 1\n/a.py:<module>:9;/a.py:f:2 40\n/a.py:<module>:9 6\n");
        Assert.Equal(3, profile.IdleCount);
        Assert.Equal(1, profile.FailedCount);
        Assert.Equal(50, profile.TotalSamples);
        Assert.Equal(47, profile.NonIdleSamples);
        Assert.Equal(["/a.py:<module>:9", "/a.py:f:2"], profile.Dominant!.Frames);
        Assert.Equal(40, profile.CountOf(["/a.py:<module>:9", "/a.py:f:2"]));
        Assert.Equal(0, profile.CountOf(["/a.py:f:2"]));
    }

    [Fact]
    public void Empty_output_is_an_empty_profile()
    {
        FoldedProfile profile = Parse("");
        Assert.Empty(profile.Stacks);
        Assert.Null(profile.IdleCount);
        Assert.Equal(0, profile.TotalSamples);
    }

    [Fact]
    public void Keeps_non_ascii_frames_exactly()
    {
        FoldedProfile profile = Parse("/t/héllo_日本.py:öuter_𠀀:27 5\n");
        Assert.Equal("/t/héllo_日本.py:öuter_𠀀:27", profile.Stacks.Single().Frames.Single());
    }

    [Theory]
    [InlineData("a;b 1\r\n")]             // CR breaks flamegraph.pl
    [InlineData("a;b 1")]                 // no final LF
    [InlineData("a;b\n")]                 // no count
    [InlineData("a;b  1\n")]              // two spaces
    [InlineData("a;b 0\n")]               // zero count
    [InlineData("a;b 1.5\n")]             // not an integer
    [InlineData("a;;b 1\n")]              // empty frame
    [InlineData("a;b 1\n(idle) 2\n")]     // idle after a stack
    [InlineData("(idle) 1\n(idle) 2\n")]  // idle twice
    [InlineData("\n")]                    // empty line
    public void Rejects_output_outside_the_contract(string text) => Assert.Throws<FormatException>(() => Parse(text));

    [Fact]
    public void Rejects_invalid_utf8() =>
        Assert.Throws<DecoderFallbackException>(() => FoldedProfile.Parse([(byte)'a', 0xC3, (byte)' ', (byte)'1', (byte)'\n']));
}
