using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Finds the interpreter list head without symbols (stripped 2.7/3.6): a pointer-sized slot in
/// .data/.bss whose value P is an interpreter whose first thread points back to P. The plain
/// back-pointer check has false positives (cpython-internals.md §1.5), so every thread must agree.
/// </summary>
public static class InterpreterHeadScanner
{
    private const int MaxSectionBytes = 8 * 1024 * 1024;

    private const int MaxThreadsChecked = 64;

    public static bool TryScan(IMemoryReader memory, LoadedModule module, PyLayout layout, out ulong headPointer)
    {
        foreach (string name in new[] { ".data", ".bss" })
        {
            ElfSection? section = module.Elf.FindSection(name);
            if (section is null || section.Size == 0 || section.Size > MaxSectionBytes)
            {
                continue;
            }

            byte[] block = new byte[(int)section.Size];
            ulong start = module.LoadBias + section.Address;
            int read = memory.Read(start, block);
            for (int offset = 0; offset + 8 <= read; offset += 8)
            {
                ulong candidate = BitConverter.ToUInt64(block, offset);
                if (candidate != 0 && candidate != start + (ulong)offset && IsInterpreter(memory, layout, candidate))
                {
                    headPointer = start + (ulong)offset;
                    return true;
                }
            }
        }

        headPointer = 0;
        return false;
    }

    private static bool IsInterpreter(IMemoryReader memory, PyLayout layout, ulong interp)
    {
        if (!memory.TryReadPointer(interp + (ulong)layout.InterpThreadsHead, out ulong thread) || thread == 0 || thread == interp)
        {
            return false;
        }

        for (int i = 0; i < MaxThreadsChecked && thread != 0; i++)
        {
            if (!memory.TryReadPointer(thread + (ulong)layout.ThreadInterp, out ulong owner) || owner != interp
                || !memory.TryReadPointer(thread + (ulong)layout.ThreadThreadId, out ulong pthread) || pthread == 0
                || !memory.TryReadPointer(thread + (ulong)layout.ThreadNext, out thread))
            {
                return false;
            }
        }

        return thread == 0;
    }
}
