namespace Pyflame.Core.Python.Layouts;

/// <summary>
/// The fixed start of every <c>_Py_DebugOffsets</c>: cookie "xdebugpy", PY_VERSION_HEX and free_threaded, the
/// three fields whose positions never change, so they say which schema reads the rest.
/// </summary>
public readonly record struct DebugOffsetsHeader(ulong VersionHex, bool FreeThreaded)
{
    public PythonVersion Version => PythonVersion.FromHex(VersionHex);

    /// <summary>"3.14.10", "3.15.0b4" or "3.14.0t" style text for messages.</summary>
    public string Describe() => DebugOffsetsSchemas.DescribeHex(VersionHex) + (FreeThreaded ? " (free-threaded)" : string.Empty);
}
