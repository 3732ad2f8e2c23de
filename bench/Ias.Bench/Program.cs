using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Ias.Bench;

// `stream N` prints N lines of Claude stream-json for scripts/bench.sh's whole-process figures; anything else runs
// the in-process benchmarks (pass BenchmarkDotNet's own arguments, e.g. --filter '*Ingest*').
if (args is ["stream", var count])
{
    using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
    foreach (var line in ClaudeStream.Lines(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)))
    {
        stdout.WriteLine(line);
    }

    return 0;
}

// `postgres CONNECTION` measures the shared queue on the PostgreSQL server bench/queue.sh started.
if (args is ["postgres", var connection])
{
    PostgresQueueRun.Measure(connection, Console.Out);
    return 0;
}

// In process: no generated project to build per benchmark, so it runs on any machine that can build this one.
// As many iterations as a ±10 % margin of the mean takes (at least 15, at most 100), not a short run's three.
// The queue's setup mirrors 100,000 job files (fsync each): allow longer than the toolchain's default five minutes.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithMaxRelativeError(0.10)
    .WithMinIterationCount(15)
    .WithMaxIterationCount(100)
    .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true)));
BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmarks).Assembly).Run(args, config);
return 0;
