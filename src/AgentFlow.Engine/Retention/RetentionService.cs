using AgentFlow.Core.Model;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Retention;

/// <summary>
/// Applies <see cref="RetentionOptions"/> in a long-lived host: when it starts and then
/// <see cref="RetentionOptions.Interval"/> after each pass (by its <see cref="TimeProvider"/>), it purges the completed runs older than
/// <see cref="RetentionOptions.Completed"/> and the failed and cancelled runs older than <see cref="RetentionOptions.Failed"/>
/// with a <see cref="RunPurger"/>. Runs that have not finished are never purged. Several hosts on one task hub may all
/// run it: a purge of what another host already purged removes nothing. Does nothing when retention is off.
/// </summary>
public sealed class RetentionService : BackgroundService
{
    private readonly Func<RunClient> _client;
    private readonly Func<IEffectLedger> _ledger;
    private readonly RetentionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="client">The run client of the host's running worker (read at each pass).</param>
    /// <param name="ledger">The side-effect ledger (opened at the first pass, so a host with retention off never opens it).</param>
    /// <param name="options">The retention settings.</param>
    /// <param name="logger">Where passes are logged.</param>
    /// <param name="time">The clock of the schedule and of the runs' ages (the system clock by default).</param>
    public RetentionService(Func<RunClient> client, Func<IEffectLedger> ledger, IOptions<RetentionOptions> options, ILogger<RetentionService> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _ledger = ledger;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Raised after every pass, with what it purged or why it failed.</summary>
    public event EventHandler<RetentionPassEventArgs>? PassCompleted;

    /// <summary>Purges what the retention settings say is due now; returns what went.</summary>
    public async Task<PurgeReport> PurgeDueAsync(CancellationToken cancellationToken = default)
    {
        var purger = new RunPurger(_client(), _ledger(), _time);
        var reports = new List<PurgeReport>();
        if (_options.Completed is { } completed)
        {
            reports.Add(await purger.PurgeAsync(new PurgeRequest { OlderThan = completed, Statuses = [RunStatus.Completed] }, cancellationToken).ConfigureAwait(false));
        }

        if (_options.Failed is { } failed)
        {
            reports.Add(await purger.PurgeAsync(new PurgeRequest { OlderThan = failed, Statuses = [RunStatus.Failed, RunStatus.Canceled] }, cancellationToken).ConfigureAwait(false));
        }

        return new PurgeReport(
            [.. reports.SelectMany(r => r.Runs)], reports.Sum(r => r.Instances), reports.Sum(r => r.LedgerEntries), [.. reports.SelectMany(r => r.Definitions)], DryRun: false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        string completed = Describe(_options.Completed), failed = Describe(_options.Failed), interval = IsoDuration.Format(_options.Interval);
        Log.RetentionOn(_logger, completed, failed, interval);

        while (true)
        {
            var pass = await PassAsync(stoppingToken).ConfigureAwait(false);

            // The next pass is scheduled before this one is reported, so whoever reacts to the report (a test moving
            // a fake clock) cannot move the clock before the schedule exists. Passes missed while one ran do not pile up.
            var next = Task.Delay(_options.Interval, _time, stoppingToken);
            PassCompleted?.Invoke(this, pass);
            await next.ConfigureAwait(false);
        }
    }

    private static string Describe(TimeSpan? age) => age is { } a ? IsoDuration.Format(a) : "forever";

    private async Task<RetentionPassEventArgs> PassAsync(CancellationToken stoppingToken)
    {
        PurgeReport report;
        Exception? error = null;
        try
        {
            report = await PurgeDueAsync(stoppingToken).ConfigureAwait(false);
            if (report.Runs.Count > 0)
            {
                Log.RetentionPurged(_logger, report.Runs.Count, report.Instances, report.LedgerEntries, report.Definitions.Count);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A storage hiccup must not stop the host; the runs are still there at the next pass.
            Log.RetentionFailed(_logger, ex);
            report = PurgeReport.Empty(dryRun: false);
            error = ex;
        }

        return new RetentionPassEventArgs(report, error);
    }
}
