namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// The shape of one CPython minor version's <c>_Py_DebugOffsets</c> (Include/internal/pycore_runtime.h in 3.13,
/// pycore_debug_offsets.h from 3.14): a cookie, the version, the free-threaded flag, then one struct per CPython
/// type whose fields are all uint64. Declared as the header declares it (section and field names in order), so a
/// new minor version is a copy of its header's field list; positions are computed, not typed in.
/// </summary>
public sealed class DebugOffsetsSchema
{
    /// <summary>cookie[8], version, free_threaded.</summary>
    public const int HeaderSize = 24;

    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly List<DebugOffsetsSection> _sections = [];

    /// <param name="version">The minor version (patch ignored) or, for a pre-release, the exact version it was written for.</param>
    /// <param name="preRelease">PY_VERSION_HEX of the one pre-release this schema describes, or 0 for final releases of the minor.</param>
    public DebugOffsetsSchema(PythonVersion version, IReadOnlyList<(string Section, string[] Fields)> sections, ulong preRelease = 0)
    {
        Version = version;
        PreReleaseHex = preRelease;
        int position = HeaderSize;
        foreach ((string name, string[] fields) in sections)
        {
            bool sized = fields.Length > 0 && fields[0] == "size";
            _sections.Add(new DebugOffsetsSection(name, sized ? position : -1, fields.Skip(sized ? 1 : 0).Select(f => $"{name}.{f}").ToArray()));
            foreach (string field in fields)
            {
                _positions.Add($"{name}.{field}", position);
                position += sizeof(ulong);
            }
        }

        TotalSize = position;
    }

    public PythonVersion Version { get; }

    /// <summary>0 for the final releases of <see cref="Version"/>'s minor; else the exact pre-release it describes.</summary>
    public ulong PreReleaseHex { get; }

    /// <summary>sizeof(_Py_DebugOffsets) for this schema.</summary>
    public int TotalSize { get; }

    internal IReadOnlyList<DebugOffsetsSection> Sections => _sections;

    /// <summary>Byte position of "section.field" inside the table, or -1 when this version has no such field.</summary>
    public int PositionOf(string qualifiedField) => _positions.GetValueOrDefault(qualifiedField, -1);

    public bool Has(string qualifiedField) => _positions.ContainsKey(qualifiedField);
}
