using System.Diagnostics;
using System.Globalization;
using AgentFlow.Core.Loading;
using AgentFlow.Core.Validation;

namespace AgentFlow.Bench;

/// <summary>Load + validate of a generated 5,000-node workflow: warm in-process time and the cold CLI process.</summary>
internal static class ValidateBench
{
    public static async Task<int> RunAsync(string cliDll, CancellationToken cancellationToken)
    {
        const int nodes = 5000;
        var file = Path.Combine(Path.GetTempPath(), $"agentflow-bench-{nodes}.json");
        await File.WriteAllTextAsync(file, SyntheticWorkflow.Generate(nodes), cancellationToken);

        var first = await ValidateOnceAsync(file, cancellationToken);
        if (first.Errors > 0)
        {
            Console.Error.WriteLine($"bench: the generated workflow is invalid ({first.Errors} errors); fix the generator.");
            return 1;
        }

        var samples = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            samples.Add((await ValidateOnceAsync(file, cancellationToken)).Milliseconds);
        }

        samples.Sort();
        var cli = File.Exists(cliDll) ? await TimeCliAsync(cliDll, file, cancellationToken) : double.NaN;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first (cold JIT) in-process: {first.Milliseconds:F1} ms; warm runs: min {samples[0]:F1} ms, max {samples[^1]:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT bench=validate nodes={nodes} validate_ms={samples[samples.Count / 2]:F1} cold_ms={first.Milliseconds:F1} cli_process_ms={cli:F0}"));
        return 0;
    }

    private static async Task<(double Milliseconds, int Errors)> ValidateOnceAsync(string file, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var document = await WorkflowLoader.LoadFileAsync(file, cancellationToken);
        var diagnostics = WorkflowValidator.Validate(document);
        return (clock.Elapsed.TotalMilliseconds, diagnostics.Count(d => d.IsError));
    }

    private static async Task<double> TimeCliAsync(string cliDll, string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cliDll);
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(file);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? clock.Elapsed.TotalMilliseconds : double.NaN;
    }
}
