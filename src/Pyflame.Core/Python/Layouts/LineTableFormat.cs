namespace Pyflame.Core.Python.Layouts;

/// <summary>The four ways CPython has encoded bytecode offset → line number.</summary>
public enum LineTableFormat
{
    /// <summary>2.7 co_lnotab: (addr, line) increments, both unsigned.</summary>
    LnotabUnsigned,

    /// <summary>3.6-3.9 co_lnotab: line increments are signed bytes.</summary>
    LnotabSigned,

    /// <summary>3.10 co_linetable (PEP 626): (byte length, signed line delta) pairs, -128 = no line.</summary>
    LineTable310,

    /// <summary>3.11+ co_linetable location table with varints.</summary>
    LocationTable,
}
