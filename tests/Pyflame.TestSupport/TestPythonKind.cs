namespace Pyflame.TestSupport;

/// <summary>How a target script is launched (column "kind" of tests/pythons.list).</summary>
public enum TestPythonKind
{
    /// <summary>A python executable run as <c>python SCRIPT</c>.</summary>
    Executable,

    /// <summary>tests/targets/embed_host.c built against the python3.X-config's libpython, run as <c>embed_host SCRIPT</c>.</summary>
    EmbedHost,
}
