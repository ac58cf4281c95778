using System.Diagnostics;
using System.Globalization;

namespace AgentFlow.Bench;

/// <summary>
/// N real <c>agentflow worker</c> processes (the Release CLI) on one Azure Storage task hub, each with a stable id of
/// its own (<c>AGENTFLOW__AZURESTORAGE__WORKERID</c>) and a data directory of its own, configured only through
/// <c>AGENTFLOW__*</c> environment variables as an operator would. Started in a folder without workflows, so they run
/// no triggers. Stopped with SIGTERM (the worker drains), killed only if it does not exit within a minute.
/// </summary>
internal sealed class ScaleWorkers : IAsyncDisposable
{
    private readonly List<Worker> _workers = [];

    private ScaleWorkers()
    {
    }

    /// <summary>The worker ids, in start order.</summary>
    public IReadOnlyList<string> Ids => [.. _workers.Select(w => w.Id)];

    /// <summary>The process ids, for CPU samples.</summary>
    public IReadOnlyList<int> ProcessIds => [.. _workers.Select(w => w.Process.Id)];

    /// <summary>Starts <paramref name="count"/> workers and returns once each has said it is running.</summary>
    public static async Task<ScaleWorkers> StartAsync(
        string cliDll, int count, IReadOnlyDictionary<string, string> settings, string root, CancellationToken cancellationToken)
    {
        var workers = new ScaleWorkers();
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var id = $"scale-w{i}";
                var folder = Directory.CreateDirectory(Path.Combine(root, id)).FullName;
                var start = new ProcessStartInfo("dotnet")
                {
                    WorkingDirectory = folder,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                start.ArgumentList.Add(Path.GetFullPath(cliDll));
                start.ArgumentList.Add("worker");
                foreach (var (key, value) in settings)
                {
                    start.Environment[key] = value;
                }

                start.Environment["AGENTFLOW__AZURESTORAGE__WORKERID"] = id;
                start.Environment["AGENTFLOW__DATADIRECTORY"] = Path.Combine(folder, "data");
                var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cliDll} worker");
                workers._workers.Add(new Worker(id, process));
            }

            await Task.WhenAll(workers._workers.Select(w => w.Ready.Task.WaitAsync(TimeSpan.FromMinutes(3), cancellationToken)));
            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM to every worker, then waits for each to drain and exit.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Where(w => !w.Process.HasExited))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", worker.Process.Id.ToString(CultureInfo.InvariantCulture) } });
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        foreach (var worker in _workers)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await worker.Process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"bench scale: worker {worker.Id} did not stop within a minute of SIGTERM; killing it");
                worker.Process.Kill(entireProcessTree: true);
                await worker.Process.WaitForExitAsync();
            }

            worker.Process.Dispose();
        }

        _workers.Clear();
    }

    /// <summary>One worker process; its output is drained so it never blocks on a full pipe, and the last lines kept for errors.</summary>
    private sealed class Worker
    {
        private readonly Queue<string> _tail = new();

        public Worker(string id, Process process)
        {
            Id = id;
            Process = process;
            process.ErrorDataReceived += (_, e) => Line(e.Data);
            process.OutputDataReceived += (_, e) => Line(e.Data);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => Ready.TrySetException(new InvalidOperationException(
                $"worker {id} exited ({process.ExitCode}) before it was running; its last lines:{Environment.NewLine}{Tail()}"));
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public string Id { get; }

        public Process Process { get; }

        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 20)
                {
                    _tail.Dequeue();
                }
            }

            if (line.StartsWith("worker running on", StringComparison.Ordinal))
            {
                Ready.TrySetResult();
            }
        }

        private string Tail()
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }
}
