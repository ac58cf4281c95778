using System.Diagnostics;
using System.Globalization;

namespace AgentFlow.Bench;

/// <summary>
/// Start-up of the <c>agentflow</c> command as whole processes: <c>validate workflows/hello.json</c> and
/// <c>run workflows/hello.json</c> (a fresh data directory per run), timed from start to exit after one warm-up
/// each; the medians are the RESULT. <c>bench/run.sh cli</c> gives the published apphost (ReadyToRun, linux-x64).
/// </summary>
internal static class CliBench
{
    private const int Runs = 9;

    public static async Task<int> RunAsync(string apphost, CancellationToken cancellationToken)
    {
        if (!File.Exists(apphost))
        {
            Console.Error.WriteLine($"bench: no agentflow apphost at '{apphost}' (bench/run.sh cli publishes it)");
            return 1;
        }

        var hello = Path.GetFullPath(Path.Combine("workflows", "hello.json"));
        var scratch = Path.Combine(Path.GetTempPath(), $"agentflow-bench-cli-{Environment.ProcessId}");
        try
        {
            var validate = await MedianAsync(_ => ["validate", hello], apphost, scratch, cancellationToken);
            var run = await MedianAsync(dataDir => ["run", hello, "--data-dir", dataDir], apphost, scratch, cancellationToken);
            if (validate is null || run is null)
            {
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate: min {validate.Value.Min:F0} ms, max {validate.Value.Max:F0} ms; run hello: min {run.Value.Min:F0} ms, max {run.Value.Max:F0} ms ({Runs} runs each after a warm-up)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=cli run_hello_ms={run.Value.Median:F0} validate_ms={validate.Value.Median:F0}"));
            return 0;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static async Task<(double Median, double Min, double Max)?> MedianAsync(Func<string, string[]> arguments, string apphost, string scratch, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var dataDir = Path.Combine(scratch, $"data-{Guid.NewGuid():N}");
            var args = arguments(dataDir);
            var (milliseconds, exitCode, error) = await TimeAsync(apphost, args, cancellationToken);
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }

            if (exitCode != 0)
            {
                Console.Error.WriteLine($"bench: agentflow {string.Join(' ', args)} exited with {exitCode}: {error}");
                return null;
            }

            if (i > 0)
            {
                samples.Add(milliseconds);
            }
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[0], samples[^1]);
    }

    private static async Task<(double Milliseconds, int ExitCode, string Error)> TimeAsync(string apphost, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(apphost) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await output;
        return (elapsed, process.ExitCode, await error);
    }
}
