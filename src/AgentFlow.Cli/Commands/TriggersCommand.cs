using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Hosting;
using AgentFlow.Triggers;
using AgentFlow.Triggers.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow triggers [list|pause|resume|fire] [NAME] [--workflows DIR]</c>: the triggers of a workflows folder with
/// their state in <c>triggers.db</c> (no running host needed). Pause and resume are audited under the operator of
/// <c>--token</c>/<c>AGENTFLOW_TOKEN</c>; a running host reads the flag before every fire. <c>fire</c> starts a run now
/// and exits like <c>run --detach</c>.
/// </summary>
internal static class TriggersCommand
{
    public static Command Create()
    {
        var list = new Command("list", "List the folder's triggers: kind, paused, next fire, last fire and its run's status, last error.");
        var format = new Option<string>("--format") { Description = "Output format: text (a table) or json ({triggers, problems}).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        Add(list, format);
        list.SetAction((result, cancellationToken) => GuardAsync(result, list, async (services, workflows) =>
        {
            var output = result.InvocationConfiguration.Output;
            var scan = await TriggerCatalog.ScanAsync(workflows, AllowPathsBinder.Read(services.Configuration), cancellationToken).ConfigureAwait(false);
            var store = new TriggerStateStore(services.Options.DataDirectory);
            var states = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            CliSession? session = null;
            try
            {
                if (scan.Triggers.Any(t => states.TryGetValue(t.Id, out var s) && s.LastRunId is not null))
                {
                    session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
                }

                var statuses = await TriggerStatusReader.ReadAsync(scan, store, session?.Client, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
                if (result.GetValue(format) == "json")
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { Triggers = statuses, scan.Problems }, CliJson.Compact)).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                foreach (var problem in scan.Problems)
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"agentflow: {problem.File}: {problem.Problem}").ConfigureAwait(false);
                }

                if (statuses.Count == 0)
                {
                    await output.WriteLineAsync($"no triggers in {Path.GetFullPath(workflows)}").ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var rows = statuses.Select(s => new[]
                {
                    s.Id, s.Kind, !s.Enabled ? "disabled" : s.Paused ? "paused" : "active", Time(s.NextFireAt),
                    s.LastFireAt is null ? "-" : $"{Time(s.LastFireAt)} {s.LastSummary}", s.LastRunId is null ? "-" : $"{s.LastRunId} ({s.LastRunStatus?.ToString().ToLowerInvariant() ?? "?"})",
                    s.LastError ?? "-",
                }).ToList();
                await Table.WriteAsync(output, ["TRIGGER", "KIND", "STATE", "NEXT", "LAST FIRE", "LAST RUN", "ERROR"], rows).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            finally
            {
                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }
        }));

        var fire = new Command("fire", "Start a run of a schedule trigger now (a manual tick); prints the run id, which a worker continues.");
        var fireName = Name();
        fire.Add(fireName);
        Add(fire, null);
        fire.SetAction((result, cancellationToken) => GuardAsync(result, fire, async (services, workflows) =>
        {
            var registration = await FindAsync(services, workflows, result.GetValue(fireName)!, cancellationToken).ConfigureAwait(false);
            var firing = TriggerHost.ManualFiring(registration, TimeProvider.System);
            await using var session = await CliSession.OpenAsync(services, worker: false, cancellationToken).ConfigureAwait(false);
            var context = new TriggerHostContext(new TriggerStateStore(services.Options.DataDirectory), new TriggerRuns(() => session.Client), TimeProvider.System, services.Get<ILogger<TriggersCommandCategory>>());
            var fired = await context.FireAsync(registration, firing, cancellationToken).ConfigureAwait(false);
            await result.InvocationConfiguration.Output.WriteLineAsync(fired.RunId).ConfigureAwait(false);
            await result.InvocationConfiguration.Error.WriteLineAsync($"detached: a worker continues it (agentflow worker, or agentflow run --resume {fired.RunId}); watch it with agentflow show {fired.RunId}").ConfigureAwait(false);
            return ExitCodes.NotFinished;
        }));

        return new Command("triggers", "List, pause, resume or fire the triggers of the workflows folder (schedules, IMAP, webhooks).")
        {
            list, PauseCommand(pause: true), PauseCommand(pause: false), fire,
        };
    }

    private static Command PauseCommand(bool pause)
    {
        var command = new Command(pause ? "pause" : "resume", pause
            ? "Pause a trigger: it starts nothing until resumed (audited; needs an operator token)."
            : "Resume a paused trigger; ticks missed while paused are not caught up (audited; needs an operator token).");
        var name = Name();
        var token = OperatorsCommand.Token();
        command.Add(name);
        command.Add(token);
        Add(command, null);
        command.SetAction((result, cancellationToken) => GuardAsync(result, command, async (services, workflows) =>
        {
            var registration = await FindAsync(services, workflows, result.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            var (op, hadToken) = await OperatorsCommand.AuthenticateAsync(services, result.GetValue(token), cancellationToken).ConfigureAwait(false);
            if (op is null)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync(hadToken
                    ? "agentflow: refused: the operator token is not valid; pass a current one with --token or AGENTFLOW_TOKEN (agentflow operators list shows who exists)"
                    : "agentflow: no operator token: pass --token or set AGENTFLOW_TOKEN (agentflow operators add NAME prints one)").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var store = new TriggerStateStore(services.Options.DataDirectory);
            var changed = await TriggerPauses.SetAsync(store, services.Get<AuditLog>(), registration.Id, pause, op.Name, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            var state = pause ? "paused" : "resumed";
            await result.InvocationConfiguration.Output.WriteLineAsync(changed ? $"trigger {registration.Id} {state}" : $"trigger {registration.Id} was already {(pause ? "paused" : "active")}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Argument<string> Name() =>
        CommonOptions.NonEmpty("name", "The trigger: WORKFLOW/TRIGGER, or TRIGGER alone when only one workflow has it (agentflow triggers list).", "the trigger name is empty");

    private static void Add(Command command, Option<string>? format)
    {
        command.Add(new Option<string?>("--workflows") { Description = "The folder of workflow files (default: workflows)." });
        if (format is not null)
        {
            command.Add(format);
        }

        command.Add(CommonOptions.DataDirectory());
        command.Add(CommonOptions.Backend());
    }

    private static async Task<Triggers.TriggerRegistration> FindAsync(CliServices services, string workflows, string name, CancellationToken cancellationToken)
    {
        var scan = await TriggerCatalog.ScanAsync(workflows, AllowPathsBinder.Read(services.Configuration), cancellationToken).ConfigureAwait(false);
        var id = TriggerNames.Resolve([.. scan.Triggers.Select(t => t.Id)], name);
        return scan.Triggers.First(t => t.Id == id);
    }

    private static string Time(DateTimeOffset? at) => at is { } t ? t.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture) : "-";

    private static Task<int> GuardAsync(ParseResult result, Command command, Func<CliServices, string, Task<int>> body) =>
        CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var options = command.Options;
            var workflows = result.GetValue((Option<string?>)options.First(o => o.Name == "--workflows"));
            if (workflows is not null && !Directory.Exists(workflows))
            {
                throw new Core.AgentFlowException($"--workflows '{workflows}' is not a folder; give the folder of workflow files (e.g. --workflows workflows)");
            }

            var dataDir = (Option<string?>)options.First(o => o.Name == "--data-dir");
            var backend = (Option<string?>)options.First(o => o.Name == "--backend");
            await using var services = CommonOptions.Services(result, dataDir, backend);
            return await body(services, workflows ?? "workflows").ConfigureAwait(false);
        });

    /// <summary>The log category of <c>agentflow triggers</c>.</summary>
    private sealed class TriggersCommandCategory;
}
