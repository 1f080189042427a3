namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>How a target script is launched.</summary>
internal enum InterpreterKind
{
    /// <summary>A python executable run as <c>python SCRIPT</c>.</summary>
    Executable,

    /// <summary>The gcc-built embed_host (libpython on a secondary pthread) run as <c>embed_host SCRIPT</c>.</summary>
    EmbedHost,
}
