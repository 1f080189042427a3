namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>One thread of a <c>-d</c> dump; <see cref="Frames"/> are innermost first, as <c>file:function:line</c>.</summary>
internal sealed record DumpThread(int Tid, string Name, bool HoldsGil, bool Idle, IReadOnlyList<string> Frames);
