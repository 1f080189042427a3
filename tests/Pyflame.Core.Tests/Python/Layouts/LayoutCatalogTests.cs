using Pyflame.Core.Python;
using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Python.Layouts;

public class LayoutCatalogTests
{
    [Fact]
    public void Chooses_by_minor_version_and_keeps_the_targets_patch_level()
    {
        Assert.True(LayoutCatalog.TryGet(new PythonVersion(3, 12, 5), out PyLayout? layout));

        Assert.Equal(new PythonVersion(3, 12, 5), layout.Version);
        Assert.Equal(384, layout.InterpCevalGil);
        Assert.Empty(DebugOffsetsReader.Differences(layout, GeneratedLayouts.Python312));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Python370_to_373_use_the_older_tstate_current_offset(int patch)
    {
        Assert.True(LayoutCatalog.TryGet(new PythonVersion(3, 7, patch), out PyLayout? layout));

        Assert.Equal(1392, layout.RuntimeTstateCurrent);
        Assert.Equal(-1, layout.RuntimeGilLocked); // unknown for these patch levels, not guessed
        Assert.Equal(24, layout.RuntimeInterpretersHead);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    public void Python374_and_later_use_the_generated_offset(int patch)
    {
        Assert.True(LayoutCatalog.TryGet(new PythonVersion(3, 7, patch), out PyLayout? layout));

        Assert.Equal(1480, layout.RuntimeTstateCurrent);
        Assert.Equal(1280, layout.RuntimeGilLocked);
    }

    [Theory]
    [InlineData(2, 6, 9)]
    [InlineData(3, 5, 10)]
    [InlineData(3, 16, 0)]
    public void Unsupported_versions_are_refused(int major, int minor, int patch)
    {
        Assert.False(LayoutCatalog.TryGet(new PythonVersion(major, minor, patch), out PyLayout? layout));
        Assert.Null(layout);
    }

    [Fact]
    public void Supported_lists_the_generated_versions()
    {
        Assert.Equal(11, LayoutCatalog.Supported.Count);
        Assert.Contains(new PythonVersion(2, 7, 18), LayoutCatalog.Supported);
        Assert.Contains(new PythonVersion(3, 13, 0), LayoutCatalog.Supported);
        Assert.Contains(new PythonVersion(3, 15, 2), LayoutCatalog.Supported);
    }
}
