namespace Pyflame.Core.Python;

/// <summary>
/// A CPython version as read from the target (never from the profiler's own environment).
/// <see cref="Patch"/> is <see cref="UnknownPatch"/> when only major.minor is known (e.g. <c>--abi 37</c>).
/// </summary>
public readonly record struct PythonVersion(int Major, int Minor, int Patch = 0) : IComparable<PythonVersion>
{
    public const int UnknownPatch = -1;

    public int CompareTo(PythonVersion other) =>
        (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));

    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    public static bool operator <(PythonVersion left, PythonVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(PythonVersion left, PythonVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(PythonVersion left, PythonVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PythonVersion left, PythonVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Decodes <c>PY_VERSION_HEX</c> (0xMMmmppLS), as found in <c>Py_Version</c>.</summary>
    public static PythonVersion FromHex(ulong hex) =>
        new((int)((hex >> 24) & 0xff), (int)((hex >> 16) & 0xff), (int)((hex >> 8) & 0xff));

    /// <summary>Parses the <c>--abi</c> form: "27", "36", "312", "3.12" or "3.12.1".</summary>
    public static bool TryParseAbi(string text, out PythonVersion version)
    {
        version = default;
        string[] parts = text.Split('.');
        if (parts.Length >= 2)
        {
            if (!int.TryParse(parts[0], out int major) || !int.TryParse(parts[1], out int minor))
            {
                return false;
            }

            int patch = UnknownPatch;
            if (parts.Length == 3 && !int.TryParse(parts[2], out patch))
            {
                return false;
            }

            version = new PythonVersion(major, minor, patch);
            return parts.Length <= 3;
        }

        if (text.Length is < 2 or > 3 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        version = new PythonVersion(text[0] - '0', int.Parse(text[1..], System.Globalization.CultureInfo.InvariantCulture), UnknownPatch);
        return true;
    }

    public override string ToString() => Patch == UnknownPatch ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Patch}";
}
