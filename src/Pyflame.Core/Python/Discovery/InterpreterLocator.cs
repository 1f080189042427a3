using Pyflame.Core.Memory;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Targets;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Attach-time discovery: module → version → layout → the addresses the walker starts from.
/// Throws <see cref="TargetException"/> with a user-facing message when the target is not usable.
/// </summary>
public static class InterpreterLocator
{
    public static PythonRuntime Locate(ITargetProcess target, PythonVersion? forcedVersion)
    {
        IReadOnlyList<MemoryRegion> maps = target.ReadMaps();
        LoadedModule module = PythonModuleFinder.TryFind(target, maps)
            ?? throw new TargetException(
                $"PID {target.ProcessId} does not look like a Python process (no libpython or CPython runtime symbols in its memory map)")
            { IsNotPython = true };
        try
        {
            return LocateIn(target, maps, module, forcedVersion);
        }
        finally
        {
            module.Elf.Dispose();
        }
    }

    private static PythonRuntime LocateIn(ITargetProcess target, IReadOnlyList<MemoryRegion> maps, LoadedModule module, PythonVersion? forcedVersion)
    {
        IMemoryReader memory = target.Memory;
        ulong runtime = FindRuntime(module);

        // 3.13+ describe themselves in _Py_DebugOffsets: their version there is the truth, which --abi cannot overrule.
        bool selfDescribed = DebugOffsetsReader.TryReadHeader(memory, runtime, out DebugOffsetsHeader header);
        (PythonVersion version, string versionSource) = selfDescribed
            ? (header.Version, "_Py_DebugOffsets")
            : DetectVersion(target, memory, module, forcedVersion);
        if (selfDescribed && forcedVersion is { } forced && (forced.Major, forced.Minor) != (version.Major, version.Minor))
        {
            throw new TargetException(
                $"--abi {forced} does not match PID {target.ProcessId}: its interpreter describes itself as Python {header.Describe()} (_Py_DebugOffsets); drop --abi");
        }

        if (!LayoutCatalog.TryGet(version, out PyLayout? layout))
        {
            throw new TargetException(SupportedPythons.DescribeUnsupported(version) + "; if detection is wrong, pass --abi");
        }

        List<string> notes = [$"runtime in {module.Path}, version {version} from {versionSource}"];
        layout = selfDescribed ? ReadDebugOffsets(memory, runtime, layout, notes) : layout;
        if (!selfDescribed && SupportedPythons.HasDebugOffsets(version))
        {
            notes.Add($"no _Py_DebugOffsets found; using the generated {version.Major}.{version.Minor} table");
        }

        ulong headPointer = FindInterpreterHead(memory, module, layout, runtime, target.ProcessId);
        module.TryFindAddress("PyCode_Type", out ulong codeType);
        return new PythonRuntime
        {
            Version = version,
            Layout = layout,
            ModulePath = module.Path,
            VersionSource = versionSource,
            InterpreterHeadPointer = headPointer,
            RuntimeAddress = runtime,
            ThreadStateCurrentPointer = FindThreadStateCurrent(module, layout, runtime),
            CodeTypeAddress = codeType,
            GcCollectingAddress = GcFlagLocator.Find(module, layout, runtime),
            // 3.11+ thread states record the kernel TID themselves: the target's libc is read only for older versions.
            PthreadTidOffset = layout.ThreadNativeThreadId >= 0 ? -1 : GlibcLocator.FindPthreadTidOffset(target, maps),
            Notes = notes,
        };
    }

    private static (PythonVersion Version, string Source) DetectVersion(ITargetProcess target, IMemoryReader memory, LoadedModule module, PythonVersion? forcedVersion)
    {
        if (forcedVersion is { } forced)
        {
            // --abi names the layout; a patch level read from the target still refines it (3.7.0-3.7.3 differ from 3.7.4+).
            PythonVersion detected = default;
            string detectedFrom = string.Empty;
            bool refined = forced.Patch == PythonVersion.UnknownPatch
                && VersionDetector.TryDetect(memory, module, out detected, out detectedFrom)
                && detected.Major == forced.Major && detected.Minor == forced.Minor;
            return refined ? (detected, "--abi, patch level from " + detectedFrom) : (forced, "--abi");
        }

        return VersionDetector.TryDetect(memory, module, out PythonVersion version, out string source)
            ? (version, source)
            : throw new TargetException(
                $"could not detect the Python version of PID {target.ProcessId} ({module.FileName}); pass it with --abi, e.g. --abi 311");
    }

    /// <summary>_PyRuntime (3.7+): its symbol, or on a build stripped of symbols but not of section headers its own section (3.10+).</summary>
    private static ulong FindRuntime(LoadedModule module)
    {
        module.TryFindAddress("_PyRuntime", out ulong runtime);
        if (runtime == 0 && module.Elf.FindSection(".PyRuntime") is { } section)
        {
            runtime = module.LoadBias + section.Address;
        }

        return runtime;
    }

    /// <summary>
    /// The target's own offsets replace our table's wherever they reach; a table that fails the checks is an error,
    /// never a silent fallback to offsets that may be wrong for this build.
    /// </summary>
    private static PyLayout ReadDebugOffsets(IMemoryReader memory, ulong runtime, PyLayout layout, List<string> notes)
    {
        if (!DebugOffsetsReader.TryRead(memory, runtime, layout, out PyLayout? fromTarget, out string? problem))
        {
            throw new TargetException(problem!);
        }

        IReadOnlyList<string> differences = DebugOffsetsReader.Differences(fromTarget, layout);
        notes.Add(differences.Count == 0
            ? "_Py_DebugOffsets match the generated table"
            : "_Py_DebugOffsets differ from the generated table in " + string.Join(", ", differences) + "; using the target's");
        return fromTarget with { Version = layout.Version };
    }

    private static ulong FindInterpreterHead(IMemoryReader memory, LoadedModule module, PyLayout layout, ulong runtime, int pid)
    {
        if (layout.RuntimeInterpretersHead >= 0)
        {
            if (runtime == 0)
            {
                throw new TargetException($"no _PyRuntime symbol in {module.FileName} of PID {pid}; is it a stripped or unusual build? try --abi");
            }

            return runtime + (ulong)layout.RuntimeInterpretersHead;
        }

        if (module.TryFindAddress("interp_head", out ulong interpHead))
        {
            return interpHead;
        }

        // 2.7/3.6 keep interp_head as a local symbol that strip removes: scan the data sections instead.
        return InterpreterHeadScanner.TryScan(memory, module, layout, out ulong found)
            ? found
            : throw new TargetException($"could not find the interpreter in {module.FileName} of PID {pid} (stripped build without interp_head?)");
    }

    private static ulong FindThreadStateCurrent(LoadedModule module, PyLayout layout, ulong runtime) => layout.GilModel switch
    {
        GilModel.ThreadStateCurrentSymbol => module.TryFindAddress("_PyThreadState_Current", out ulong current) ? current : 0,
        GilModel.RuntimeTstateCurrent when runtime != 0 => runtime + (ulong)layout.RuntimeTstateCurrent,
        _ => 0,
    };
}
