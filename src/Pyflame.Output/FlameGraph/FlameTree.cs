using System.Text;
using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.FlameGraph;

/// <summary>
/// Merges a <see cref="Profile"/>'s stacks into the tree a flame graph draws: root <c>all</c>, then (with
/// --threads) a <c>(thread TID NAME)</c> box per thread (under a <c>(process PID COMMAND)</c> box with --subprocesses), an <c>(idle)</c> box for idle stacks, then the
/// frames outermost first. The same boxes as the folded output's frames.
/// </summary>
internal static class FlameTree
{
    public static FlameNode Build(Profile profile)
    {
        var root = new FlameNode(FlameNodeKind.Root, "all", "", 0) { Total = 0 };
        Add(root, root.Child(FlameNodeKind.Idle, FrameText.Idle, "", 0), profile.IdleCount);
        Add(root, root.Child(FlameNodeKind.Failed, FrameText.Failed, "", 0), profile.FailedCount);
        var label = new StringBuilder();
        foreach (ProfileThread thread in profile.Threads)
        {
            FlameNode top = root;
            FlameNode? processNode = null;
            if (profile.PerThread)
            {
                if (thread.Process is { } process)
                {
                    // Its own level, so one process's threads sit side by side under it.
                    label.Clear();
                    FrameText.AppendFrame(label, process.RootFrame, lineNumbers: false);
                    top = processNode = root.Child(FlameNodeKind.Thread, label.ToString(), "", 0);
                }

                label.Clear();
                FrameText.AppendThreadRoot(label, thread.NativeThreadId, thread.Name);
                top = top.Child(FlameNodeKind.Thread, label.ToString(), "", 0);
            }

            foreach (StackCount stack in thread.Stacks)
            {
                if (stack.Frames.Count == 0 && !stack.IsIdle && !profile.PerThread)
                {
                    continue;
                }

                root.Total += stack.Count;
                if (processNode is not null)
                {
                    processNode.Total += stack.Count;
                }

                FlameNode node = top;
                if (!ReferenceEquals(node, root))
                {
                    node.Total += stack.Count;
                }

                if (stack.IsIdle)
                {
                    node = node.Child(FlameNodeKind.Idle, FrameText.Idle, "", 0);
                    node.Total += stack.Count;
                }

                if (stack.IsFailed)
                {
                    node = node.Child(FlameNodeKind.Failed, FrameText.Failed, "", 0);
                    node.Total += stack.Count;
                }

                foreach (FrameInfo frame in stack.Frames)
                {
                    node = node.Child(FlameNodeKind.Function, frame.Function, frame.File, frame.Line);
                    node.Total += stack.Count;
                }
            }
        }

        return root;
    }

    private static void Add(FlameNode root, FlameNode child, long count)
    {
        root.Total += count;
        child.Total += count;
    }
}
