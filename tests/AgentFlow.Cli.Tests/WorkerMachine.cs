using System.Diagnostics;

namespace AgentFlow.Cli.Tests;

/// <summary>
/// One simulated machine of a scale-out test: its own data directory and HOME, a stable worker id, and a real
/// <c>agentflow worker</c> process on the shared task hub that can be killed with SIGKILL and started again as the
/// same machine. Its output is drained (a full pipe would stall it) and the last lines kept for a failure message.
/// </summary>
internal sealed class WorkerMachine : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly Dictionary<string, string?> _environment;
    private readonly string _workflows;
    private readonly Queue<string> _tail = new();
    private Process? _process;

    /// <summary>Prepares machine <paramref name="name"/> under <paramref name="root"/> with the shared settings <paramref name="shared"/>.</summary>
    public WorkerMachine(string root, string name, IReadOnlyDictionary<string, string?> shared)
    {
        Name = name;
        var home = Path.Combine(root, name, "home");
        DataDirectory = Path.Combine(root, name, "data");
        _workflows = Path.Combine(root, name, "workflows");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(_workflows);
        _environment = new Dictionary<string, string?>(shared)
        {
            ["HOME"] = home,
            ["AGENTFLOW__AZURESTORAGE__WORKERID"] = name,
        };
    }

    /// <summary>The machine's name, also its worker id.</summary>
    public string Name { get; }

    /// <summary>The machine's own data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>How many times the worker was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the worker wrote (stdout and stderr), for a failure message.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return $"--- {Name} (started {Starts}x) ---\n{string.Join('\n', _tail)}";
            }
        }
    }

    /// <summary>Starts the worker and returns once it says it runs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = CliRunner.Start(_environment, "worker", "--workflows", _workflows, "--data-dir", DataDirectory);
        Starts++;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Keep(e.Data);
            if (e.Data?.StartsWith("worker running", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        process.Exited += (_, _) => running.TrySetException(new InvalidOperationException($"worker {Name} exited before it ran\n{Tail}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await running.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Kills the worker with SIGKILL (no draining, no goodbye) and waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException($"worker {Name} is not running");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(cancellationToken);
        Keep($"[killed with SIGKILL, exit code {process.ExitCode}]");
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }

            process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}
