using System.Diagnostics;

namespace AgentFlow.Engine.Tests.Support;

/// <summary>A real worker process (AgentFlow.Engine.TestWorker) that a test can kill with SIGKILL.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static async Task<WorkerProcess> StartAsync(string backend, string location, string taskHub, string sideEffectFile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["AGENTFLOW_TEST_ALLOW_DIE"] = "1";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AgentFlow.Engine.TestWorker.dll"));
        foreach (var arg in new[] { backend, location, taskHub, sideEffectFile })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(deadline.Token);
        if (line != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(deadline.Token);
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"worker did not start: {line} {error}");
        }

        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    /// <summary>Waits until the process has exited on its own (e.g. a tool killed it).</summary>
    public Task ExitedAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
