using System.Globalization;
using System.Text;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// Python's <c>repr</c> of str and bytes (Objects/unicodeobject.c unicode_repr, Objects/bytesobject.c
/// PyBytes_Repr): single quotes unless the text holds a single quote and no double quote; backslash, the
/// quote, \t, \n, \r escaped; other non-printable characters as \xNN, \uNNNN or \UNNNNNNNN. "Printable"
/// follows the Unicode categories CPython's Py_UNICODE_ISPRINTABLE excludes (Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs
/// other than the space). A preview cut short ends with <c>...</c> after the closing quote and the full length.
/// </summary>
public static class PythonReprText
{
    public static void AppendStr(StringBuilder text, string value, bool cut, long fullLength, string prefix = "")
    {
        char quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(prefix).Append(quote);
        foreach (Rune rune in value.EnumerateRunes())
        {
            int c = rune.Value;
            if (c == quote || c == '\\')
            {
                text.Append('\\').Append((char)c);
            }
            else if (TryAppendCommonEscape(text, c))
            {
            }
            else if (c < 0x7f && c >= 0x20)
            {
                text.Append((char)c);
            }
            else if (c < 0x80 || !IsPrintable(rune))
            {
                AppendHexEscape(text, c);
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        text.Append(quote);
        AppendCut(text, cut, fullLength, "chars");
    }

    public static void AppendBytes(StringBuilder text, ReadOnlySpan<byte> value, bool cut, long fullLength, string prefix)
    {
        char quote = value.Contains((byte)'\'') && !value.Contains((byte)'"') ? '"' : '\'';
        text.Append(prefix).Append(quote);
        foreach (byte b in value)
        {
            if (b == quote || b == '\\')
            {
                text.Append('\\').Append((char)b);
            }
            else if (TryAppendCommonEscape(text, b))
            {
            }
            else if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        text.Append(quote);
        AppendCut(text, cut, fullLength, "bytes");
    }

    private static bool TryAppendCommonEscape(StringBuilder text, int c)
    {
        string? escape = c switch
        {
            '\t' => "\\t",
            '\n' => "\\n",
            '\r' => "\\r",
            _ => null,
        };
        if (escape is null)
        {
            return false;
        }

        text.Append(escape);
        return true;
    }

    private static void AppendHexEscape(StringBuilder text, int c)
    {
        (string prefix, string format) = c switch
        {
            < 0x100 => ("\\x", "x2"),
            < 0x10000 => ("\\u", "x4"),
            _ => ("\\U", "x8"),
        };
        text.Append(prefix).Append(c.ToString(format, CultureInfo.InvariantCulture));
    }

    private static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    private static void AppendCut(StringBuilder text, bool cut, long fullLength, string unit)
    {
        if (cut)
        {
            text.Append("... (").Append(fullLength.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit).Append(')');
        }
    }
}
