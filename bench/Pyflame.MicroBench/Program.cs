using BenchmarkDotNet.Running;
using Pyflame.MicroBench;

// Pyflame.MicroBench record PYTHON WORKLOAD.py OUTDIR   records bench/fixtures from live processes
// Pyflame.MicroBench [BenchmarkDotNet options]          runs the benchmarks, e.g. --filter '*'
if (args.Length == 4 && args[0] == "record")
{
    return FixtureRecorder.Record(args[1], args[2], args[3]);
}

_ = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
