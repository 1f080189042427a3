using Pyflame.Core.Python.Layouts;

namespace Pyflame.Core.Tests.Python.Objects;

/// <summary>xunit data over the generated layouts, by version label (e.g. "3.12.1").</summary>
internal static class LayoutData
{
    public static PyLayout Get(string version) => GeneratedLayouts.All.Single(layout => layout.Version.ToString() == version);

    public static TheoryData<string> All() => From(GeneratedLayouts.All);

    public static TheoryData<string> Python3() => From(GeneratedLayouts.All.Where(layout => layout.Version.Major == 3));

    private static TheoryData<string> From(IEnumerable<PyLayout> layouts)
    {
        var data = new TheoryData<string>();
        foreach (PyLayout layout in layouts)
        {
            data.Add(layout.Version.ToString());
        }

        return data;
    }
}
