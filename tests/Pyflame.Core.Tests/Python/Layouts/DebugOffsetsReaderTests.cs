using System.Diagnostics;
using Pyflame.Core.Python;
using Pyflame.Core.Python.Layouts;
using Pyflame.Core.Tests.Fakes;
using Pyflame.TestSupport;

namespace Pyflame.Core.Tests.Python.Layouts;

public class DebugOffsetsReaderTests
{
    private const ulong Runtime = 0x7f00_0000_1000;
    private const string Python313 = "/root/.pyenv/versions/3.13.0/bin/python";

    [Fact]
    public void Synthetic_table_built_from_the_generated_313_layout_round_trips()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python313);

        Assert.True(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out PyLayout? layout, out string? problem));

        Assert.Null(problem);
        Assert.Equal("_Py_DebugOffsets", layout.Source);
        Assert.Equal(new PythonVersion(3, 13, 0), layout.Version);
        Assert.Empty(DebugOffsetsReader.Differences(layout, GeneratedLayouts.Python313));
    }

    [Fact]
    public void Values_come_from_the_target_not_the_fallback()
    {
        PyLayout target = GeneratedLayouts.Python313 with { InterpModules = 7664, InterpThreadsHead = 7352 };
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, target);

        Assert.True(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out PyLayout? layout, out _));

        Assert.Equal(
            ["InterpThreadsHead: 7352 vs 7344", "InterpModules: 7664 vs 7656"],
            DebugOffsetsReader.Differences(layout, GeneratedLayouts.Python313));
    }

    [Fact]
    public void Bigger_object_header_shifts_the_fallbacks_object_relative_fields()
    {
        // Free-threaded 3.13t: ob_type moves from 8 to 24 (cpython-internals.md section 2.8).
        PyLayout target = GeneratedLayouts.Python313 with { ObjectType = 24 };
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, target);

        Assert.True(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out PyLayout? layout, out _));

        Assert.Equal(88, layout.GenIFrame);
        Assert.Equal(200, layout.CodeFirstTraceable);
    }

    [Fact]
    public void Bad_cookie_is_refused()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python313);
        memory.WriteAscii(Runtime, "xdebugpz");

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out PyLayout? layout, out string? problem));

        Assert.Null(layout);
        Assert.Contains("cookie", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(300)]
    [InlineData(583)]
    public void Truncated_memory_is_refused(int mappedBytes)
    {
        SyntheticMemory full = new();
        DebugOffsetsImage.Write(full, Runtime, GeneratedLayouts.Python313);
        byte[] bytes = new byte[mappedBytes];
        full.Read(Runtime, bytes);
        SyntheticMemory memory = new();
        if (mappedBytes > 0)
        {
            memory.Map(Runtime, mappedBytes);
            memory.WriteBytes(Runtime, bytes);
        }

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out _, out string? problem));

        Assert.NotNull(problem);
    }

    [Fact]
    public void Unknown_minor_version_is_refused_with_a_reason()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python313, versionHex: 0x031000F0);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out _, out string? problem));

        Assert.Contains("3.16 is newer than this Pyflame supports (newest: 3.15)", problem, StringComparison.Ordinal);
    }

    public static TheoryData<string> NewerSchemas() => ["3.14", "3.15"];

    [Theory]
    [MemberData(nameof(NewerSchemas))]
    public void Synthetic_314_and_315_tables_round_trip(string minor)
    {
        (PyLayout generated, DebugOffsetsSchema schema, ulong hex) = minor == "3.14"
            ? (GeneratedLayouts.Python314, DebugOffsetsSchemas.Python314, DebugOffsetsImage.Python31410Hex)
            : (GeneratedLayouts.Python315, DebugOffsetsSchemas.Python315, DebugOffsetsImage.Python3152Hex);
        PyLayout target = generated with { InterpModules = generated.InterpModules + 8, ThreadNativeThreadId = generated.ThreadNativeThreadId + 8 };
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, target, schema, hex);

        Assert.True(DebugOffsetsReader.TryRead(memory, Runtime, generated, out PyLayout? layout, out string? problem), problem);

        Assert.Equal(generated.Version with { Patch = (int)((hex >> 8) & 0xff) }, layout.Version);
        Assert.Equal(
            [$"InterpModules: {target.InterpModules} vs {generated.InterpModules}", $"ThreadNativeThreadId: {target.ThreadNativeThreadId} vs {generated.ThreadNativeThreadId}"],
            DebugOffsetsReader.Differences(layout, generated));
    }

    [Fact]
    public void A_315_table_supplies_the_threads_gil_flags_and_base_frame()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python315 with { ThreadHoldsGil = 44, ThreadBaseFrame = 96 },
            DebugOffsetsSchemas.Python315, DebugOffsetsImage.Python3152Hex);

        Assert.True(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python315, out PyLayout? layout, out string? problem), problem);

        Assert.Equal(44, layout.ThreadHoldsGil);
        Assert.Equal(96, layout.ThreadBaseFrame);
        Assert.True(layout.ChainEndsAtBaseFrame && layout.ThreadsCarryGilFlag);
    }

    [Fact]
    public void A_free_threaded_build_is_refused_in_one_line()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python314, DebugOffsetsSchemas.Python314, DebugOffsetsImage.Python31410Hex, freeThreaded: true);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python314, out _, out string? problem));

        Assert.StartsWith("Python 3.14.10 (free-threaded) is a free-threaded build, which Pyflame cannot read", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem!);
    }

    [Fact]
    public void A_pre_release_without_its_exact_schema_is_refused()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python315, DebugOffsetsSchemas.Python315, 0x030F00B3);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python315, out _, out string? problem));

        Assert.Contains("3.15.0b3 is a pre-release", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thread_state.current_frame", 73UL, "not aligned")]      // a pointer at an odd offset
    [InlineData("interpreter_frame.owner", 88UL, "lies outside")]         // owner == sizeof(_PyInterpreterFrame)
    [InlineData("code_object.firstlineno", 214UL, "lies outside")]        // an int straddling the struct's end
    [InlineData("thread_state.size", 0UL, "implausible")]
    public void Misplaced_fields_of_a_314_table_are_refused_with_the_field_named(string field, ulong value, string reason)
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python314, DebugOffsetsSchemas.Python314, DebugOffsetsImage.Python31410Hex);
        memory.WriteU64(Runtime + (ulong)DebugOffsetsSchemas.Python314.PositionOf(field), value);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python314, out _, out string? problem));

        Assert.Contains(field, problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Fallback_of_another_minor_version_is_refused()
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python313);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python312, out _, out string? problem));

        Assert.Contains("3.12.1", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(72, ulong.MaxValue)]      // interp threads_head far outside any struct
    [InlineData(48, 0)]                   // interpreter_state size 0
    [InlineData(184, 304)]                // thread current_frame == sizeof(PyThreadState)
    [InlineData(120, 8000)]               // GIL struct after its own fields
    public void Implausible_values_are_refused(int position, ulong value)
    {
        SyntheticMemory memory = new();
        DebugOffsetsImage.Write(memory, Runtime, GeneratedLayouts.Python313);
        memory.WriteU64(Runtime + (ulong)position, value);

        Assert.False(DebugOffsetsReader.TryRead(memory, Runtime, GeneratedLayouts.Python313, out _, out string? problem));

        Assert.NotNull(problem);
    }

    [Fact]
    public void Real_313_runtime_agrees_with_the_generated_table()
    {
        Assert.True(File.Exists(Python313), $"{Python313} is missing; this machine kind must have CPython 3.13.0");
        (ulong address, byte[] bytes) = DumpRuntimeDebugOffsets();
        SyntheticMemory memory = new();
        memory.Map(address, bytes.Length);
        memory.WriteBytes(address, bytes);

        bool ok = DebugOffsetsReader.TryRead(memory, address, GeneratedLayouts.Python313, out PyLayout? layout, out string? problem);

        Assert.True(ok, problem);
        Assert.Equal(new PythonVersion(3, 13, 0), layout!.Version);
        Assert.Equal(7344, layout.InterpThreadsHead);
        Assert.Equal(8, layout.GilLastHolder);
        Assert.Empty(DebugOffsetsReader.Differences(layout, GeneratedLayouts.Python313));
    }

    public static TheoryData<string> DebianPythons() =>
        TestPythons.PresentNames(python => python.Kind == TestPythonKind.Executable && python.InChroot);

    /// <summary>
    /// Debian's own builds (patch levels newer than the headers the tables came from: 3.13.18 against 3.13.0) describe
    /// themselves with tables the schemas read and validate, and agree with the generated table of their minor except
    /// where the patch release really moved a field.
    /// </summary>
    [Theory]
    [MemberData(nameof(DebianPythons))]
    public void Real_debian_runtime_tables_pass_validation_and_match_the_generated_table(string name)
    {
        TestPython python = TestPythons.Get(name);
        (ulong address, byte[] bytes) = DumpRuntimeDebugOffsets(python.Command("-c", DumpScript(888)));
        SyntheticMemory memory = new();
        memory.Map(address, bytes.Length);
        memory.WriteBytes(address, bytes);
        Assert.True(LayoutCatalog.TryGet(python.Version, out PyLayout? generated));

        bool ok = DebugOffsetsReader.TryRead(memory, address, generated, out PyLayout? layout, out string? problem);

        Assert.True(ok, problem);
        Assert.Equal(python.Version, layout!.Version);
        Assert.Empty(DebugOffsetsReader.Differences(layout, generated));
        Assert.Equal(python.Version.AtLeast(3, 15), layout.ChainEndsAtBaseFrame && layout.ThreadsCarryGilFlag);
    }

    [Fact]
    public void Differences_ignores_version_and_source()
    {
        PyLayout other = GeneratedLayouts.Python313 with { Version = new PythonVersion(3, 13, 7), Source = "x" };

        Assert.Empty(DebugOffsetsReader.Differences(other, GeneratedLayouts.Python313));
        IReadOnlyList<string> differences = DebugOffsetsReader.Differences(GeneratedLayouts.Python27, GeneratedLayouts.Python36);
        Assert.Contains("ThreadPrev: -1 vs 0", differences);
        Assert.Contains("BytesData: 36 vs 32", differences);
        Assert.Contains("DictTable: 40 vs -1", differences);
        // 5 thread, 6 code (co_flags too), BytesData, 5 unicode; for thread names: ht_cached_keys, the int and str
        // subclass flags, 2.7's ma_mask/ma_table vs 3.6's ma_keys/ma_values/dk_size/dk_nentries/dk_indices/
        // values, and PyIntObject.ob_ival; for frame locals: co_kwonlyargcount, co_nlocals, co_varnames, co_cellvars,
        // co_freevars, and setentry's key/hash (2.7 puts the hash first).
        Assert.Equal(36, differences.Count);
    }

    /// <summary>Python code printing the address of its own _PyRuntime and its first <paramref name="bytes"/> bytes in hex.</summary>
    private static string DumpScript(int bytes) =>
        "import ctypes; a = ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, '_PyRuntime')); " +
        $"print(a); print(ctypes.string_at(a, {bytes}).hex())";

    /// <summary>Asks a real 3.13.0 interpreter for the first 584 bytes of its own _PyRuntime.</summary>
    private static (ulong Address, byte[] Bytes) DumpRuntimeDebugOffsets() => DumpRuntimeDebugOffsets([Python313, "-c", DumpScript(584)]);

    private static (ulong Address, byte[] Bytes) DumpRuntimeDebugOffsets(IReadOnlyList<string> command)
    {
        ProcessStartInfo start = new(command[0]) { RedirectStandardOutput = true };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string[] lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "python did not exit");
        Assert.Equal(0, process.ExitCode);
        return (ulong.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), Convert.FromHexString(lines[1]));
    }
}
