using Pyflame.Core.Model;

namespace Pyflame.Cli.Live;

/// <summary>One row of the live table: a line (or a function, with line 0) and its counts.</summary>
/// <param name="Frame">The function and file; <see cref="FrameInfo.Line"/> is 0 when rows are per function.</param>
/// <param name="Own">Samples in which it was the running (innermost) frame.</param>
/// <param name="Total">Samples in which it was anywhere on the stack (counted once per sample, even when recursive).</param>
internal sealed record LiveRow(FrameInfo Frame, long Own, long Total);
