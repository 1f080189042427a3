using Pyflame.Cli.Session;
using Pyflame.Core.Model;
using Pyflame.Core.Sampling;

namespace Pyflame.Cli.Tests.Session;

public sealed class FailureCausesTests
{
    private sealed class NoSink : ISampleSink
    {
        public void OnSample(Sample sample)
        {
        }

        public void OnCompleted()
        {
        }
    }

    /// <summary>The cause is the failure's type, not its words: a reason that mentions "changed" but is unreadable counts as unreadable.</summary>
    [Fact]
    public void Sorts_failed_samples_by_their_cause()
    {
        FailureCauses causes = new(new NoSink());
        causes.OnSample(Failed(ReadFailure.Changing("the stack kept changing while it was read (non-blocking mode)")));
        causes.OnSample(Failed(ReadFailure.Changing("the thread state vanished while it was read")));
        causes.OnSample(Failed(ReadFailure.TooDeep("frame chain deeper than 1024 (a cycle from a torn read?)")));
        causes.OnSample(Failed(ReadFailure.Unreadable("frame 0x10 is unreadable (it changed while it was read?)")));
        causes.OnSample(new Sample(5, SampleOutcome.Stacks, []));

        Assert.Equal((2, 1, 1), (causes.Changing, causes.TooDeep, causes.Unreadable));
        Assert.Equal("frame 0x10 is unreadable (it changed while it was read?)", causes.UnreadableReason);
        Assert.StartsWith("2 changed while they were read without pausing (--blocking pauses instead), 1 had a stack deeper than", causes.Describe(paused: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_one_failure_by_its_cause()
    {
        Assert.Equal("the stack changed while it was read; try again, or use --blocking", FailureCauses.Explain(ReadFailure.Changing("torn")));
        Assert.StartsWith("the stack is deeper than the", FailureCauses.Explain(ReadFailure.TooDeep("deep")), StringComparison.Ordinal);
        Assert.Equal("could not read the thread list; try again", FailureCauses.Explain(ReadFailure.Unreadable("could not read the thread list")));
        Assert.Equal("no reason given; try again", FailureCauses.Explain(null));
    }

    private static Sample Failed(ReadFailure failure) => new(1, SampleOutcome.Failed, [], failure);
}
