using AgentFlow.Core.Model.Triggers;
namespace AgentFlow.Triggers;

/// <content>Reading the folder, watching it, and starting and stopping runners.</content>
public sealed partial class TriggerHost
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private readonly Dictionary<string, FileRunners> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private TriggerScan _scan = new([], [], new Dictionary<string, string>());
    private FileSystemWatcher? _watcher;
    private Task? _loop;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RescanAsync(cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(Folder))
        {
            _watcher = new FileSystemWatcher(Folder, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += (_, _) => _changed.Release();
            _watcher.Created += (_, _) => _changed.Release();
            _watcher.Deleted += (_, _) => _changed.Release();
            _watcher.Renamed += (_, _) => _changed.Release();
            _watcher.EnableRaisingEvents = true;
        }

        _loop = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _watcher?.Dispose();
        _watcher = null;
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var file in _files.Values)
            {
                await file.StopAsync().ConfigureAwait(false);
            }

            _files.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _watcher?.Dispose();
        _stopping.Dispose();
        _gate.Dispose();
        _changed.Dispose();
    }

    /// <summary>
    /// Reads the folder now and applies what changed: triggers of new or changed files (re)start, those of removed or
    /// now invalid files stop. The host also does this on file-change notices and every
    /// <see cref="TriggerHostOptions.RescanInterval"/>.
    /// </summary>
    public async Task RescanAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var scan = await TriggerCatalog.ScanAsync(Folder, _paths, _options.Transform, cancellationToken).ConfigureAwait(false);
            foreach (var problem in scan.Problems)
            {
                if (_reported.Add($"{problem.File}\n{(scan.Hashes.TryGetValue(problem.File, out var h) ? h : string.Empty)}\n{problem.Problem}"))
                {
                    Log.InvalidFile(_logger, problem.File, problem.Problem);
                }
            }

            foreach (var (file, running) in _files.ToList())
            {
                if (!scan.Hashes.TryGetValue(file, out var hash) || hash != running.Hash)
                {
                    await running.StopAsync().ConfigureAwait(false);
                    _files.Remove(file);
                    foreach (var registration in running.Registrations)
                    {
                        Log.Unregistered(_logger, registration.Id);
                    }
                }
            }

            foreach (var (file, hash) in scan.Hashes)
            {
                if (!_files.ContainsKey(file))
                {
                    _files[file] = Start(hash, [.. scan.Triggers.Where(t => t.WorkflowFile == file && t.Trigger.Enabled)]);
                }
            }

            _scan = scan;
        }
        finally
        {
            _gate.Release();
        }
    }

    private FileRunners Start(string hash, List<TriggerRegistration> registrations)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var tasks = new List<Task>();
        foreach (var registration in registrations)
        {
            var kind = TriggerKinds.ToJson(registration.Trigger.Kind);
            Log.Registered(_logger, registration.Id, kind, registration.WorkflowFile);
            if (_runners.TryGetValue(registration.Trigger.Kind, out var runner))
            {
                tasks.Add(Task.Run(() => RunAsync(runner, registration, stop.Token), CancellationToken.None));
            }
        }

        return new FileRunners(hash, registrations, stop, tasks);
    }

    private async Task RunAsync(ITriggerRunner runner, TriggerRegistration registration, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(registration, _context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the file changed or the host stops.
        }
#pragma warning disable CA1031 // A runner's failure must not take the host (and its worker) down: it is logged and reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RunnerCrashed(_logger, registration.Id, ex);
            try
            {
                await _context.ReportErrorAsync(registration, $"its runner stopped: {ex.Message}; edit or touch the file to restart it", CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031
            catch (Exception)
#pragma warning restore CA1031
            {
                // The store is unreachable too; the log has it.
            }
        }
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // A notice or the interval, whichever comes first; a burst of notices (an editor's save) is one rescan.
                await _changed.WaitAsync(_options.RescanInterval, cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                await RescanAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep watching: a rescan fails on a transient I/O problem.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RescanFailed(_logger, Folder, ex);
            }
        }
    }

    private sealed record FileRunners(string Hash, List<TriggerRegistration> Registrations, CancellationTokenSource Stop, List<Task> Tasks)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(Tasks).ConfigureAwait(false);
            Stop.Dispose();
        }
    }
}
