using System.Globalization;

namespace Pyflame.Core.ProcFs;

/// <summary>Parses the "Key:\tvalue" text of <c>/proc/PID/status</c> into a <see cref="ProcStatus"/>.</summary>
public static class ProcStatusParser
{
    /// <summary>More nesting than the kernel allows (MAX_PID_NS_LEVEL is 32) means corrupt input.</summary>
    private const int MaxNamespaceLevels = 64;

    /// <summary>Parses the text, or throws <see cref="FormatException"/> when Name or Tgid is missing.</summary>
    public static ProcStatus Parse(string statusText) =>
        TryParse(statusText, out ProcStatus? status)
            ? status
            : throw new FormatException("Not a /proc/PID/status text: Name or Tgid is missing.");

    /// <summary>
    /// Parses the text. Name and Tgid are required; fields that older kernels lack (NSpid, Seccomp)
    /// default to "none" (empty, 0).
    /// </summary>
    public static bool TryParse(string statusText, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProcStatus? status)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        status = null;
        string? name = null;
        char state = '?';
        int? tgid = null;
        uint realUid = 0, effectiveUid = 0;
        int[] nspid = [];
        int tracerPid = 0, seccomp = 0;
        ulong capEff = 0;

        foreach (ReadOnlySpan<char> line in statusText.AsSpan().EnumerateLines())
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            ReadOnlySpan<char> key = line[..colon];
            ReadOnlySpan<char> value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Name":
                    name = value.ToString();
                    break;
                case "State":
                    state = value.IsEmpty ? '?' : value[0];
                    break;
                case "Tgid":
                    tgid = TryParseInt(value, out int parsedTgid) ? parsedTgid : null;
                    break;
                case "Uid":
                    // "Uid: real effective saved filesystem"
                    ParseUids(value, out realUid, out effectiveUid);
                    break;
                case "NSpid":
                    nspid = ParseIntList(value);
                    break;
                case "TracerPid":
                    _ = TryParseInt(value, out tracerPid);
                    break;
                case "Seccomp":
                    _ = TryParseInt(value, out seccomp);
                    break;
                case "CapEff":
                    _ = ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out capEff);
                    break;
                default:
                    break;
            }
        }

        if (name is null || tgid is null)
        {
            return false;
        }

        status = new ProcStatus(name, state, tgid.Value, realUid, effectiveUid, nspid, tracerPid, seccomp, capEff);
        return true;
    }

    private static void ParseUids(ReadOnlySpan<char> value, out uint real, out uint effective)
    {
        real = 0;
        effective = 0;
        int index = 0;
        foreach (Range part in value.SplitAny(" \t"))
        {
            ReadOnlySpan<char> text = value[part];
            if (text.IsEmpty)
            {
                continue;
            }

            _ = uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id);
            if (index == 0)
            {
                real = id;
            }
            else
            {
                effective = id;
                return;
            }

            index++;
        }
    }

    private static int[] ParseIntList(ReadOnlySpan<char> value)
    {
        List<int> values = [];
        foreach (Range part in value.SplitAny(" \t"))
        {
            if (values.Count >= MaxNamespaceLevels)
            {
                break;
            }

            if (TryParseInt(value[part], out int number))
            {
                values.Add(number);
            }
        }

        return [.. values];
    }

    private static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
