using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Retention;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow purge (--older-than DURATION [--status S ...] | --run RUN) [--dry-run] [--format text|json]</c>: removes
/// finished runs for good (history, sub-runs, ledger entries, definitions no remaining run refers to) on either backend.
/// The audit log and agent memory are kept (docs/operations.md).
/// </summary>
internal static partial class PurgeCommand
{
    public static Command Create()
    {
        var olderThan = new Option<string?>("--older-than") { Description = "Purge runs that finished at least this long ago: an ISO-8601 duration such as P30D (30 days) or PT12H; PT0S purges every finished run." };
        var status = new Option<string[]>("--status") { Description = "Purge only runs in these statuses (repeatable; default: completed, failed and canceled). Runs that have not finished are never purged.", AllowMultipleArgumentsPerToken = true };
        status.AcceptOnlyFromAmong([.. PurgeRequest.FinishedStatuses.Select(s => s.Name())]);
        var run = new Option<string?>("--run") { Description = "Purge this one finished run (with its sub-runs); cancel a run that has not finished first (agentflow cancel)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be purged; remove nothing." };
        var format = new Option<string>("--format") { Description = "Output format: text (the runs, then a summary line) or json (runs, instances, ledgerEntries, definitions, dryRun).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("purge", "Remove finished runs for good: their history, sub-runs, ledger entries and unreferenced definitions (never the audit log or memory).")
        {
            olderThan, status, run, dryRun, format, dataDir, backend,
        };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            var output = result.InvocationConfiguration.Output;
            var age = result.GetValue(olderThan);
            var statuses = result.GetValue(status) ?? [];
            var runId = result.GetValue(run);
            if (Problem(age, statuses, runId) is { } problem)
            {
                await error.WriteLineAsync($"agentflow purge: {problem}").ConfigureAwait(false);
                return ExitCodes.UsageOrIo;
            }

            var request = new PurgeRequest
            {
                RunId = runId,
                OlderThan = age is null ? null : Duration(age),
                Statuses = statuses.Length == 0 ? PurgeRequest.FinishedStatuses : [.. statuses.Select(s => PurgeRequest.FinishedStatuses.First(f => f.Name() == s))],
                DryRun = result.GetValue(dryRun),
            };
            await using var services = CommonOptions.Services(result, dataDir, backend);
            await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
            var report = await new RunPurger(session.Client, services.Get<IEffectLedger>()).PurgeAsync(request, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (report.Runs.Count == 0)
            {
                await output.WriteLineAsync($"no finished runs to purge in {services.Location}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            foreach (var id in report.Runs)
            {
                await output.WriteLineAsync(id).ConfigureAwait(false);
            }

            await output.WriteLineAsync(
                $"{(report.DryRun ? "would purge" : "purged")} {Count(report.Runs.Count, "run")} ({Count(report.Instances, "instance")}), {Count(report.LedgerEntries, "ledger entry", "ledger entries")} and {Count(report.Definitions.Count, "definition")}; the audit log and agent memory are kept").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string? Problem(string? age, string[] statuses, string? runId)
    {
        if (runId is not null)
        {
            return age is not null || statuses.Length > 0 ? "--run purges that one run; leave out --older-than and --status" : null;
        }

        if (age is null)
        {
            return "give --older-than DURATION (e.g. P30D; PT0S for every finished run) or --run RUN; agentflow runs lists the runs";
        }

        return Duration(age) is null ? $"--older-than '{age}' is not an ISO-8601 duration; give e.g. P30D (30 days), PT12H (12 hours) or PT0S (every finished run)" : null;
    }

    private static TimeSpan? Duration(string text) =>
        IsoDuration.TryParse(text, out var duration) ? duration : Zero().IsMatch(text) ? TimeSpan.Zero : null;

    private static string Count(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";

    // IsoDuration takes positive durations only; a purge also takes zero: every finished run, however recent.
    [GeneratedRegex(@"^P(?=.*0)(?:0+[YMWD])*(?:T(?:0+(?:\.0+)?[HMS])+)?$")]
    private static partial Regex Zero();
}
