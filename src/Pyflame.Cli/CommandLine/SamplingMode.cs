namespace Pyflame.Cli.CommandLine;

/// <summary>Whether samples pause the threads they read (--blocking, --nonblocking, or chosen per version).</summary>
internal enum SamplingMode
{
    /// <summary>The version's default, blocking on every version today (see <see cref="SamplingModeChoice"/>).</summary>
    Auto,

    Blocking,

    NonBlocking,
}
