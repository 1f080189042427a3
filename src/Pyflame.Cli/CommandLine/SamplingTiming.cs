using System.Globalization;

namespace Pyflame.Cli.CommandLine;

/// <summary>
/// -s and -r: checked against ranges a run can have (TimeSpan tops out near 29 000 years, and anything past a
/// year is a typo), and -r read as what it is, an interval. People used to profilers that take a frequency
/// type -r 100 for 100 Hz and get one sample a hundred seconds apart, so such a value earns a warning.
/// </summary>
internal sealed record SamplingTiming(TimeSpan Duration, TimeSpan Interval, string? Warning)
{
    /// <summary>One year: longer than any profile anyone will wait for, far below TimeSpan's limit.</summary>
    internal const double MaxSeconds = 365 * 24 * 3600;

    /// <summary>The shortest interval the sampler schedules (1 µs); shorter ones are run at this rate.</summary>
    private const double MinInterval = 1e-6;

    public static SamplingTiming Read(string? secondsText, string? rateText, bool traceMode)
    {
        double seconds = ReadNumber(secondsText, "--seconds", 1);
        if (seconds < 0 || seconds > MaxSeconds)
        {
            throw new UsageException($"--seconds must be between 0 and {MaxSeconds:0} (a year), got {secondsText}; to profile until you stop it, press Ctrl-C or use -t");
        }

        double rate = ReadNumber(rateText, "--rate", 0.01);
        if (rate <= 0 || rate > MaxSeconds)
        {
            throw new UsageException($"--rate is the interval between samples in seconds and must be more than 0 and at most {MaxSeconds:0} (got {rateText}); e.g. -r 0.001 for 1 kHz");
        }

        return new SamplingTiming(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(Math.Max(rate, MinInterval)), Warn(seconds, rate, rateText, traceMode));
    }

    /// <summary>Null when the values look intended; -s 0 asks for exactly one sample, so it never warns.</summary>
    private static string? Warn(double seconds, double rate, string? rateText, bool traceMode)
    {
        bool oneSample = !traceMode && seconds > 0 && rate >= seconds;
        string run = string.Create(CultureInfo.InvariantCulture, $"{seconds:0.###} s");
        if (rate > 1)
        {
            string hz = string.Create(CultureInfo.InvariantCulture, $"{1 / rate:0.######}");
            return $"pyflame: warning: -r is the interval between samples in seconds, so -r {rateText} samples every {rateText} s"
                + (oneSample ? $" (one sample in this {run} run)" : string.Empty)
                + $"; did you mean -r {hz} ({rateText} Hz)?";
        }

        return oneSample
            ? $"pyflame: warning: the interval -r {rateText} s is not shorter than the run (-s {run}), so only one sample is taken; -r is the time between samples (0.01 = 100 Hz)"
            : null;
    }

    private static double ReadNumber(string? text, string name, double fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"{name} must be a number of seconds, got '{text}'");
    }
}
