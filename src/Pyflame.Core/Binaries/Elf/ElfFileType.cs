namespace Pyflame.Core.Binaries.Elf;

/// <summary>The ELF <c>e_type</c> values the profiler cares about.</summary>
public enum ElfFileType
{
    /// <summary>Anything else (ET_REL, ET_CORE, unknown values).</summary>
    Other,

    /// <summary>ET_EXEC: a non-PIE executable, linked at fixed addresses (load bias 0).</summary>
    Executable,

    /// <summary>ET_DYN: a shared object or PIE executable, linked at 0 and relocated at load time.</summary>
    SharedObject,
}
