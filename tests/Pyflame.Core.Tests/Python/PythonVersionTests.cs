using Pyflame.Core.Python;

namespace Pyflame.Core.Tests.Python;

public sealed class PythonVersionTests
{
    [Theory]
    [InlineData("27", 2, 7, PythonVersion.UnknownPatch)]
    [InlineData("36", 3, 6, PythonVersion.UnknownPatch)]
    [InlineData("312", 3, 12, PythonVersion.UnknownPatch)]
    [InlineData("3.12", 3, 12, PythonVersion.UnknownPatch)]
    [InlineData("3.7.2", 3, 7, 2)]
    public void Abi_forms_parse_and_leave_the_patch_unknown_unless_given(string text, int major, int minor, int patch)
    {
        Assert.True(PythonVersion.TryParseAbi(text, out PythonVersion version));
        Assert.Equal(new PythonVersion(major, minor, patch), version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("3x")]
    [InlineData("3.x")]
    [InlineData("3.1.2.4")]
    [InlineData("1234")]
    public void Malformed_abi_is_rejected(string text) => Assert.False(PythonVersion.TryParseAbi(text, out _));

    [Fact]
    public void Py_version_hex_decodes_major_minor_micro() =>
        Assert.Equal(new PythonVersion(3, 11, 2), PythonVersion.FromHex(0x030b02f0));

    [Fact]
    public void An_unknown_patch_prints_as_major_minor() =>
        Assert.Equal("3.7", new PythonVersion(3, 7, PythonVersion.UnknownPatch).ToString());
}
