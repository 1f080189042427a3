namespace Pyflame.Cli.CommandLine;

/// <summary>Whether samples pause the threads they read (--blocking, --nonblocking, or chosen per version).</summary>
internal enum SamplingMode
{
    /// <summary>The version's default (see <see cref="SamplingModeChoice"/>): blocking before 3.11, pausing only torn samples from 3.11 on.</summary>
    Auto,

    Blocking,

    NonBlocking,
}
