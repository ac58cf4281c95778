using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow runs [--status S] [--workflow W] [--limit N] [--format text|json]</c>: recent runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var status = new Option<string?>("--status") { Description = "List only runs in this status." };
        status.AcceptOnlyFromAmong([.. Enum.GetValues<RunStatus>().Select(s => s.Name())]);
        var workflow = new Option<string?>("--workflow") { Description = "List only runs of this workflow (its name, not its file)." };
        var limit = new Option<int>("--limit") { Description = "List at most this many runs (the newest).", DefaultValueFactory = _ => 50 };
        var format = new Option<string>("--format") { Description = "Output format: text (a table) or json (an array of runs: runId, workflow, status, createdAt, updatedAt, current).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var command = new Command("runs", "List runs, newest first.") { status, workflow, limit, format, dataDir, backend };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var output = result.InvocationConfiguration.Output;
            await using var services = CommonOptions.Services(result, dataDir, backend);
            await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
            var query = new RunQuery
            {
                Status = result.GetValue(status) is { } s ? Enum.GetValues<RunStatus>().First(v => v.Name() == s) : null,
                Workflow = result.GetValue(workflow),
                Limit = result.GetValue(limit),
            };
            var runs = await session.Client.ListAsync(query, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(runs.Select(r => new { r.RunId, r.Workflow, Status = r.Status.Name(), r.CreatedAt, r.UpdatedAt, Current = r.Progress?.Current }), CliJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (runs.Count == 0)
            {
                await output.WriteLineAsync($"no runs in {services.Location}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var rows = runs.Select(r => new[] { r.RunId, r.Workflow, r.Status.Name(), r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Detail(r) }).ToList();
            await Table.WriteAsync(output, ["RUN", "WORKFLOW", "STATUS", "CREATED (UTC)", "AT"], rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Detail(RunInfo run) => run.Status switch
    {
        RunStatus.Waiting => string.Join(", ", run.Progress!.Waiting.Select(w => $"{w.Node} ({w.Kind.Name()})")),
        RunStatus.Running => string.Join(", ", run.Progress?.Current ?? []),
        RunStatus.Failed or RunStatus.Canceled => run.Error is { Length: > 60 } e ? e[..57] + "..." : run.Error ?? string.Empty,
        _ => string.Empty,
    };
}
