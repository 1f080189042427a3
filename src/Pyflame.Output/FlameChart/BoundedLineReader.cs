using System.Text;

namespace Pyflame.Output.FlameChart;

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/> but refuses a line longer than a limit, so a
/// huge file without newlines cannot exhaust memory. Accepts <c>\n</c> and <c>\r\n</c> endings.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxLineChars)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _length;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its ending, or null at the end of the input.</summary>
    public string? ReadLine()
    {
        _line.Clear();
        bool readAnything = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_length <= 0)
                {
                    _length = 0;
                    return readAnything ? Finish() : null;
                }
            }

            readAnything = true;
            int newline = Array.IndexOf(_buffer, '\n', _position, _length - _position);
            int end = newline < 0 ? _length : newline;
            if (_line.Length + (end - _position) > maxLineChars)
            {
                throw new FlameChartFormatException(LineNumber + 1, $"line longer than {maxLineChars} characters");
            }

            _line.Append(_buffer, _position, end - _position);
            _position = newline < 0 ? _length : newline + 1;
            if (newline >= 0)
            {
                return Finish();
            }
        }
    }

    private string Finish()
    {
        LineNumber++;
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return _line.ToString();
    }
}
