namespace Pyflame.Bench;

/// <summary>One row of the table: a metric and every measured value per tool (the table shows medians).</summary>
public sealed class MetricRow(string id, string title, string unit)
{
    public string Id { get; } = id;

    public string Title { get; } = title;

    public string Unit { get; } = unit;

    public Dictionary<string, List<double>> Values { get; } = [];

    public void Add(ProfilerTool tool, double value)
    {
        if (!Values.TryGetValue(tool.Key, out List<double>? list))
        {
            Values[tool.Key] = list = [];
        }

        list.Add(value);
    }

    public double? Median(ProfilerTool tool)
    {
        if (!Values.TryGetValue(tool.Key, out List<double>? list))
        {
            return null;
        }

        double[] finite = [.. list.Where(double.IsFinite).Order()];
        if (finite.Length == 0)
        {
            return double.NaN;
        }

        int middle = finite.Length / 2;
        return finite.Length % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2;
    }
}
