using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>getuid(2)/geteuid(2).</summary>
internal static partial class Identity
{
    [LibraryImport(Libraries.Libc, EntryPoint = "getuid")]
    internal static partial uint GetUid();

    [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUid();
}
