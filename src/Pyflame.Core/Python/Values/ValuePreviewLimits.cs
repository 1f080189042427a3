namespace Pyflame.Core.Python.Values;

/// <summary>
/// Bounds on what a value preview reads and prints. Every count read from the target (a list's size, a
/// string's length, an int's digit count) is compared with these before anything is read or allocated.
/// </summary>
public sealed record ValuePreviewLimits
{
    /// <summary>Items shown per tuple, list, dict or set; more are written as <c>...</c>.</summary>
    public int MaxItems { get; init; } = 10;

    /// <summary>Containers nested deeper than this are written as <c>[...]</c>, <c>(...)</c> or <c>{...}</c>.</summary>
    public int MaxDepth { get; init; } = 3;

    /// <summary>Characters (or bytes) of a str or bytes shown; the rest is counted, not read.</summary>
    public int MaxStringChars { get; init; } = 200;

    /// <summary>Largest int read, in digits of PyLong_SHIFT bits (2,200 × 30 bits ≈ 20,000 decimal digits).</summary>
    public int MaxIntDigits { get; init; } = 2200;

    /// <summary>Decimal digits printed of a larger int before it is abbreviated.</summary>
    public int MaxIntText { get; init; } = 100;

    /// <summary>Length of one preview; past it the remaining items are written as <c>...</c>.</summary>
    public int MaxPreviewChars { get; init; } = 1000;

    /// <summary>Largest set hash table read (slots); a bigger set is shown by its size only.</summary>
    public int MaxSetSlots { get; init; } = 1 << 16;

    /// <summary>Variables read per frame.</summary>
    public int MaxLocals { get; init; } = 512;

    public static ValuePreviewLimits Default { get; } = new();
}
