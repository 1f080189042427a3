using System.Globalization;
using System.Text;

namespace Pyflame.Core.Python.Values;

/// <summary>
/// A double as Python's <c>repr(float)</c> writes it (Objects/floatobject.c float_repr, format code 'r'): the
/// shortest digits that round-trip, in positional notation when the decimal exponent is in [-4, 16), else as
/// <c>d.ddde+XX</c>; always with a point or exponent (<c>1.0</c>), and <c>inf</c>, <c>-inf</c>, <c>nan</c>.
/// </summary>
public static class PythonFloatText
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // "R" is the shortest round-trip form on .NET Core 3.0+, e.g. "1.5E-05", "123.25", "1E+16".
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? shortest : shortest[..e];
        int exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int point = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        int decimalPoint = (point < 0 ? mantissa.Length : point) + exponent; // digits before the point
        int leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        decimalPoint -= leading;
        string sign = double.IsNegative(value) ? "-" : string.Empty;
        if (digits.Length == 0)
        {
            return sign + "0.0";
        }

        int scientific = decimalPoint - 1;
        var text = new StringBuilder(sign);
        if (scientific is >= -4 and < 16)
        {
            if (decimalPoint <= 0)
            {
                text.Append("0.").Append('0', -decimalPoint).Append(digits);
            }
            else if (decimalPoint >= digits.Length)
            {
                text.Append(digits).Append('0', decimalPoint - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, decimalPoint).Append('.').Append(digits, decimalPoint, digits.Length - decimalPoint);
            }

            return text.ToString();
        }

        text.Append(digits[0]);
        if (digits.Length > 1)
        {
            text.Append('.').Append(digits, 1, digits.Length - 1);
        }

        text.Append('e').Append(scientific < 0 ? '-' : '+').Append(Math.Abs(scientific).ToString("00", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
