using Pyflame.Core.Model;

namespace Pyflame.Core.Aggregation;

/// <summary>
/// Deduplicates frames into small integer ids so stacks can be keyed without building strings.
/// The key is a value tuple, so a lookup of an already-known frame allocates nothing.
/// </summary>
internal sealed class FrameTable
{
    private readonly Dictionary<(string File, string Function, int Line), int> _ids = [];
    private readonly List<FrameInfo> _frames = [];
    private readonly bool _keepLines;

    public FrameTable(bool keepLines) => _keepLines = keepLines;

    public int Count => _frames.Count;

    public FrameInfo this[int id] => _frames[id];

    public int Intern(FrameInfo frame)
    {
        int line = _keepLines ? frame.Line : 0;
        (string, string, int) key = (frame.File, frame.Function, line);
        if (_ids.TryGetValue(key, out int id))
        {
            return id;
        }

        id = _frames.Count;
        _frames.Add(line == frame.Line ? frame : frame with { Line = line });
        _ids.Add(key, id);
        return id;
    }
}
