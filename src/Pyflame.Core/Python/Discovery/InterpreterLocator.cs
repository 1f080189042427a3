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
                $"PID {target.ProcessId} does not look like a Python process (no libpython or CPython runtime symbols in its memory map)");
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
        PythonVersion version;
        string versionSource;
        if (forcedVersion is { } forced)
        {
            // --abi names the layout; a patch level read from the target still refines it (3.7.0-3.7.3 differ from 3.7.4+).
            PythonVersion detected = default;
            string detectedFrom = string.Empty;
            bool refined = forced.Patch == PythonVersion.UnknownPatch
                && VersionDetector.TryDetect(memory, module, out detected, out detectedFrom)
                && detected.Major == forced.Major && detected.Minor == forced.Minor;
            (version, versionSource) = refined ? (detected, "--abi, patch level from " + detectedFrom) : (forced, "--abi");
        }
        else if (!VersionDetector.TryDetect(memory, module, out version, out versionSource))
        {
            throw new TargetException(
                $"could not detect the Python version of PID {target.ProcessId} ({module.FileName}); pass it with --abi, e.g. --abi 311");
        }

        if (!LayoutCatalog.TryGet(version, out PyLayout? layout))
        {
            string supported = string.Join(", ", LayoutCatalog.Supported.Select(v => $"{v.Major}.{v.Minor}"));
            throw new TargetException($"Python {version.Major}.{version.Minor} is not supported (supported: {supported}); if detection is wrong, pass --abi");
        }

        List<string> notes = [$"runtime in {module.Path}, version {version} from {versionSource}"];
        module.TryFindAddress("_PyRuntime", out ulong runtime);
        if (runtime == 0 && module.Elf.FindSection(".PyRuntime") is { } section)
        {
            // Stripped of symbols but not of section headers: 3.10+ keep _PyRuntime in its own section.
            runtime = module.LoadBias + section.Address;
        }

        layout = PreferDebugOffsets(memory, runtime, layout, notes);
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
            PthreadTidOffset = GlibcLocator.FindPthreadTidOffset(target, maps),
            Notes = notes,
        };
    }

    /// <summary>On 3.13+ the target describes its own layout; trust it over our table, and say when they differ.</summary>
    private static PyLayout PreferDebugOffsets(IMemoryReader memory, ulong runtime, PyLayout layout, List<string> notes)
    {
        if (runtime == 0 || !layout.Version.AtLeast(3, 13))
        {
            return layout;
        }

        if (!DebugOffsetsReader.TryRead(memory, runtime, layout, out PyLayout? fromTarget, out string? problem))
        {
            notes.Add($"_Py_DebugOffsets not usable ({problem}); using the generated {layout.Version.Major}.{layout.Version.Minor} table");
            return layout;
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
