namespace Pyflame.Cli.CommandLine;

/// <summary>Whether samples pause the threads they read (--blocking, --nonblocking, or chosen per version).</summary>
internal enum SamplingMode
{
    /// <summary>Non-blocking on CPython 3.11+, blocking before (see <see cref="SamplingModeChoice"/>).</summary>
    Auto,

    Blocking,

    NonBlocking,
}
