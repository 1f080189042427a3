using System.Text;

namespace Pyflame.Output.FlameGraph;

/// <summary>
/// Escapes text for XML/HTML content and attribute values. Characters XML 1.0 forbids (most control
/// characters, lone surrogates) become <c>?</c>, so a strange file or thread name cannot make the SVG
/// unreadable.
/// </summary>
internal static class XmlText
{
    public static void Append(StringBuilder text, string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '&': text.Append("&amp;"); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '"': text.Append("&quot;"); break;
                case '\'': text.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if ((c < 0x20 && c is not '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        text.Append('?');
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }
    }

    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        Append(text, value);
        return text.ToString();
    }
}
