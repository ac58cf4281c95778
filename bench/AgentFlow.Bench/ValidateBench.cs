using System.Diagnostics;
using System.Globalization;
using AgentFlow.Core.Diagnostics;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Validation;

namespace AgentFlow.Bench;

/// <summary>
/// Load + validate of generated workflows: warm in-process time and the cold CLI process. 5,000 nodes is a valid
/// workflow; 50,000 nodes is five times the language's limit (<see cref="WorkflowLimits.MaxNodes"/>), so the whole
/// file is still analysed and the one finding is that limit (AF210, CLI exit code 2): the figure says how long a
/// user waits to be told, and how the analyses scale.
/// </summary>
internal static class ValidateBench
{
    public static async Task<int> RunAsync(string cliDll, CancellationToken cancellationToken)
    {
        // BENCH_VALIDATE_NODES=5000 limits the variants (default: both).
        var only = Environment.GetEnvironmentVariable("BENCH_VALIDATE_NODES")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var variants = new (int Nodes, int Samples, string[] Codes, int ExitCode)[]
        {
            (5_000, 15, [], 0),
            (50_000, 5, [DiagnosticCodes.TooManyNodes], 2),
        };
        foreach (var (nodes, count, codes, exitCode) in variants.Where(v => only is null || only.Contains(v.Nodes.ToString(CultureInfo.InvariantCulture))))
        {
            var file = Path.Combine(Path.GetTempPath(), $"agentflow-bench-{nodes}.json");
            await File.WriteAllTextAsync(file, SyntheticWorkflow.Generate(nodes), cancellationToken);

            var first = await ValidateOnceAsync(file, cancellationToken);
            if (!first.Errors.SequenceEqual(codes))
            {
                Console.Error.WriteLine($"bench: the generated {nodes}-node workflow gave errors [{string.Join(", ", first.Errors)}], expected [{string.Join(", ", codes)}]; fix the generator.");
                return 1;
            }

            var samples = new List<double>();
            var cpu = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var sample = await ValidateOnceAsync(file, cancellationToken);
                samples.Add(sample.Milliseconds);
                cpu.Add(sample.CpuMilliseconds);
            }

            samples.Sort();
            cpu.Sort();
            var cli = File.Exists(cliDll) ? await TimeCliAsync(cliDll, file, exitCode, cancellationToken) : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes} nodes: first (cold JIT) in-process: {first.Milliseconds:F1} ms; warm runs: min {samples[0]:F1} ms, max {samples[^1]:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT bench=validate nodes={nodes} validate_ms={samples[samples.Count / 2]:F1} validate_cpu_ms={cpu[cpu.Count / 2]:F1} cold_ms={first.Milliseconds:F1} cli_process_ms={cli:F0} errors={(codes.Length == 0 ? "none" : string.Join('+', codes))} exit_code={exitCode}"));
        }

        return 0;
    }

    /// <summary>
    /// One load + validate: wall time, and the process's CPU time over it (the work is single-threaded, so on a loaded
    /// machine the CPU time is the steadier figure for comparing versions).
    /// </summary>
    private static async Task<(double Milliseconds, double CpuMilliseconds, List<string> Errors)> ValidateOnceAsync(string file, CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var document = await WorkflowLoader.LoadFileAsync(file, cancellationToken);
        var diagnostics = WorkflowValidator.Validate(document);
        var wall = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds, [.. diagnostics.Where(d => d.IsError).Select(d => d.Code)]);
    }

    /// <summary>Wall time of one <c>agentflow validate FILE</c> process; NaN when it exits other than <paramref name="exitCode"/>.</summary>
    private static async Task<double> TimeCliAsync(string cliDll, string file, int exitCode, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cliDll);
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(file);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, errors);
        return process.ExitCode == exitCode ? clock.Elapsed.TotalMilliseconds : double.NaN;
    }
}
