namespace Pyflame.Cli.CommandLine;

/// <summary>
/// <c>--mode</c>: which threads a sample records. <see cref="Gil"/> is Pyflame's classic view (the thread holding
/// the GIL, <c>(idle)</c> when none does), like py-spy without <c>--idle</c>/<c>--gil</c> flags on one thread and
/// profiling.sampling's <c>--mode gil</c>. <see cref="Wall"/> records every thread in every sample, idle ones under
/// an <c>(idle)</c> frame (Pyflame's <c>--threads</c>; py-spy <c>--idle</c>; profiling.sampling <c>--mode wall</c>).
/// <see cref="Cpu"/> records every thread only while the OS has it on a CPU (py-spy's default; profiling.sampling
/// <c>--mode cpu</c>).
/// </summary>
internal enum ProfilingMode
{
    Gil,
    Wall,
    Cpu,
}
