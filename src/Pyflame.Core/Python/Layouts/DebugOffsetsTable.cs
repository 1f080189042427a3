using System.Buffers.Binary;

namespace Pyflame.Core.Python.Layouts;

/// <summary>A validated <c>_Py_DebugOffsets</c> block read through its schema, by "section.field" name.</summary>
internal readonly ref struct DebugOffsetsTable
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly DebugOffsetsSchema _schema;

    public DebugOffsetsTable(ReadOnlySpan<byte> block, DebugOffsetsSchema schema)
    {
        _block = block;
        _schema = schema;
    }

    /// <summary>A field every schema has. Values were bounds-checked against the struct sizes, so they fit an int.</summary>
    public int Get(string field)
    {
        int position = _schema.PositionOf(field);
        return position >= 0
            ? (int)BinaryPrimitives.ReadUInt64LittleEndian(_block[position..])
            : throw new InvalidOperationException($"_Py_DebugOffsets schema {_schema.Version} has no {field}");
    }

    /// <summary>A field newer schemas added; <paramref name="absent"/> when this version's table lacks it.</summary>
    public int GetOr(string field, int absent) => _schema.Has(field) ? Get(field) : absent;
}
