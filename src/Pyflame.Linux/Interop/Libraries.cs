namespace Pyflame.Linux.Interop;

internal static class Libraries
{
    /// <summary>The .NET loader maps "libc" to the system C library (libc.so.6 on glibc).</summary>
    internal const string Libc = "libc";
}
