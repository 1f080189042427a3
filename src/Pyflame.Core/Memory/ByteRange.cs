using System.Runtime.CompilerServices;

namespace Pyflame.Core.Memory;

/// <summary>Bytes [<see cref="Start"/>, <see cref="End"/>) of one page; empty when End ≤ Start (default is empty).</summary>
internal readonly record struct ByteRange(int Start, int End)
{
    public bool IsEmpty => End <= Start;

    public int Length => IsEmpty ? 0 : End - Start;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // on every read of the page cache
    public bool Contains(int start, int length) => start >= Start && start + length <= End;

    /// <summary>The smallest range holding both (an empty one adds nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ByteRange Union(ByteRange other) =>
        IsEmpty ? other : other.IsEmpty ? this : new ByteRange(Math.Min(Start, other.Start), Math.Max(End, other.End));

    /// <summary>Widened to multiples of <paramref name="alignment"/> (a power of two), at most <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ByteRange Aligned(int alignment, int limit) =>
        new(Start & -alignment, Math.Min(limit, (End + alignment - 1) & -alignment));
}
