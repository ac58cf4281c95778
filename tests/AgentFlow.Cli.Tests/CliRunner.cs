using System.Diagnostics;

namespace AgentFlow.Cli.Tests;

/// <summary>Runs the real <c>agentflow</c> executable as a child process, as a user would.</summary>
internal static class CliRunner
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>
    /// The audit key every command of this test run uses unless a test sets <c>AGENTFLOW__AUDIT__KEYFILE</c> itself:
    /// outside every data dir, and not the real one in the user's configuration folder.
    /// </summary>
    public static string AuditKeyFile { get; } = CreateKeyFolder();

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs <c>agentflow ARGS</c> with extra environment variables (a null value removes one).</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        RunInAsync(RepoRoot, environment, args);

    /// <summary>Runs <c>agentflow ARGS</c> in <paramref name="workingDirectory"/> (where it looks for agentflow.json).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var process = StartIn(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>agentflow ARGS</c> with redirected output; the caller owns the process.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts <c>agentflow ARGS</c> with extra environment variables (a null value removes one).</summary>
    public static Process Start(IReadOnlyDictionary<string, string?>? environment, params string[] args) => StartIn(RepoRoot, environment, args);

    private static Process StartIn(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["AGENTFLOW__AUDIT__KEYFILE"] = AuditKeyFile;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agentflow.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static string CreateKeyFolder()
    {
        var folder = Directory.CreateTempSubdirectory("agentflow-cli-keys-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return Path.Combine(folder, "audit.key");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AgentFlow.sln not found");
    }
}
