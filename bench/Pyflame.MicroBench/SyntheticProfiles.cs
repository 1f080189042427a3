using Pyflame.Core.Model;

namespace Pyflame.MicroBench;

/// <summary>Deterministic samples shaped like real ones: a handful of hot stacks, some idle ticks.</summary>
public static class SyntheticProfiles
{
    /// <summary><paramref name="distinct"/> stacks of <paramref name="depth"/> frames that share their outer half.</summary>
    public static Sample[] Samples(int distinct, int depth)
    {
        Sample[] samples = new Sample[distinct + 1];
        for (int s = 0; s < distinct; s++)
        {
            FrameInfo[] frames = new FrameInfo[depth];
            for (int i = 0; i < depth; i++)
            {
                // Innermost first; only the inner half differs between stacks.
                int variant = i < depth / 2 ? s : 0;
                frames[i] = new FrameInfo($"/srv/app/module{i % 7}.py", $"function_{i}_{variant}", 10 + i);
            }

            ThreadStack stack = new(0x1000, 0x2000, 4242, null, HoldsGil: true, IsIdle: false, frames);
            samples[s] = new Sample(s, SampleOutcome.Stacks, [stack]);
        }

        samples[distinct] = new Sample(distinct, SampleOutcome.Idle, []);
        return samples;
    }
}
