using Perftools.Profiles;

namespace Pyflame.Output.Pprof;

/// <summary>Interns strings, functions and locations for <see cref="PprofWriter"/>; ids start at 1 (0 means "none" in pprof).</summary>
internal sealed class PprofTables
{
    private readonly Dictionary<string, long> _strings = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly Dictionary<(string Name, string File), ulong> _functionIds = [];
    private readonly Dictionary<(ulong Function, int Line), ulong> _locationIds = [];

    /// <summary>The string table; index 0 is "" as pprof requires.</summary>
    public List<string> Strings { get; } = [""];

    public List<Function> Functions { get; } = [];

    public List<Location> Locations { get; } = [];

    public long String(string value)
    {
        if (!_strings.TryGetValue(value, out long index))
        {
            index = Strings.Count;
            Strings.Add(value);
            _strings.Add(value, index);
        }

        return index;
    }

    public ulong Location(string function, string file, int line)
    {
        ulong functionId = Function(function, file);
        if (!_locationIds.TryGetValue((functionId, line), out ulong id))
        {
            id = (ulong)Locations.Count + 1;
            var location = new Location { Id = id };
            location.Line.Add(new Line { FunctionId = functionId, Line_ = line });
            Locations.Add(location);
            _locationIds.Add((functionId, line), id);
        }

        return id;
    }

    private ulong Function(string name, string file)
    {
        if (!_functionIds.TryGetValue((name, file), out ulong id))
        {
            id = (ulong)Functions.Count + 1;
            Functions.Add(new Function { Id = id, Name = String(name), Filename = String(file) });
            _functionIds.Add((name, file), id);
        }

        return id;
    }
}
