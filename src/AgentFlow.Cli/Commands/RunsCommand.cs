using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentFlow.Cli.Remote;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary><c>agentflow runs [--status S] [--workflow W] [--limit N] [--format text|json] [--server URL]</c>: recent runs, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var status = new Option<string?>("--status") { Description = "List only runs in this status." };
        status.AcceptOnlyFromAmong([.. Enum.GetValues<RunStatus>().Select(s => s.Name())]);
        var workflow = new Option<string?>("--workflow") { Description = "List only runs of this workflow (its name, not its file)." };
        var limit = new Option<int>("--limit") { Description = "List at most this many runs (the newest).", DefaultValueFactory = _ => 50 };
        var format = new Option<string>("--format") { Description = "Output format: text (a table with tokens and cost) or json (an array of runs: runId, workflow, status, createdAt, updatedAt, current, origin, usage: { inputTokens, outputTokens, tokens, modelCalls, cost, currency }).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var server = CommonOptions.Server();
        var token = OperatorsCommand.Token();
        var command = new Command("runs", "List runs, newest first, with their tokens and cost.") { status, workflow, limit, format, dataDir, backend, server, token };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var output = result.InvocationConfiguration.Output;
            List<RemoteRun> runs;
            string location;
            using (var remote = CommonOptions.ServerClient(result, server, result.GetValue(token)))
            {
                if (remote is not null)
                {
                    runs = [.. await remote.ListRunsAsync(result.GetValue(status), result.GetValue(workflow), result.GetValue(limit), cancellationToken).ConfigureAwait(false)];
                    location = $"the server at {remote.Address}";
                }
                else
                {
                    await using var services = CommonOptions.Services(result, dataDir, backend);
                    await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
                    var query = new RunQuery
                    {
                        Status = result.GetValue(status) is { } s ? Enum.GetValues<RunStatus>().First(v => v.Name() == s) : null,
                        Workflow = result.GetValue(workflow),
                        Limit = result.GetValue(limit),
                    };
                    runs = [.. (await session.Client.ListAsync(query, cancellationToken).ConfigureAwait(false)).Select(Row)];
                    location = services.Location;
                }
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(runs.Select(r => new { r.RunId, r.Workflow, Status = r.Status.Name(), r.CreatedAt, r.UpdatedAt, r.Current, r.Origin, r.Usage }), CliJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (runs.Count == 0)
            {
                await output.WriteLineAsync($"no runs in {location}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var rows = runs.Select(r => new[] { r.RunId, r.Workflow, r.Status.Name(), r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Origin?.Trigger ?? "-", r.Usage is { } u ? UsageText.Number(u.Tokens) : "-", UsageText.Cost(r.Usage), Detail(r) }).ToList();
            await Table.WriteAsync(output, ["RUN", "WORKFLOW", "STATUS", "CREATED (UTC)", "TRIGGER", "TOKENS", "COST", "AT"], rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    // The error of a failed run is shown locally only (the server's list does not carry it; agentflow show does).
    private static RemoteRun Row(RunInfo run)
    {
        var waiting = run.IsFinished ? [] : run.Progress?.Waiting.Select(w => $"{w.Node} ({w.Kind.Name()})").ToList();
        return new RemoteRun(run.RunId, run.Workflow, run.Status, run.CreatedAt, run.UpdatedAt, run.Progress?.Current, waiting) { Error = run.Error, Origin = run.Origin, Usage = run.Usage };
    }

    private static string Detail(RemoteRun run) => run.Status switch
    {
        RunStatus.Waiting => string.Join(", ", run.Waiting ?? []),
        RunStatus.Running => string.Join(", ", run.Current ?? []),
        RunStatus.Failed or RunStatus.Canceled => run.Error is { Length: > 60 } e ? e[..57] + "..." : run.Error ?? string.Empty,
        _ => string.Empty,
    };
}
