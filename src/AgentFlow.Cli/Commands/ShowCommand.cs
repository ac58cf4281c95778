using System.CommandLine;
using System.Text.Json;
using AgentFlow.Cli.Running;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow show RUN [--format text|json] [--server URL]</c>: status, what it waits for (an approval's shown
/// fields, marked <c>[untrusted]</c> where a third party can write them), the node timeline (with
/// tokens and cost), operators' feedback, the run's usage and the output, from the data directory or a running server.
/// </summary>
internal static class ShowCommand
{
    private static readonly JsonSerializerOptions Json = CliJson.Indented;

    public static Command Create()
    {
        var run = CommonOptions.RunId();
        var format = new Option<string>("--format") { Description = "Output format: text (status, waits, timeline with tokens and cost, usage, output) or json (the whole run, with every node's input, output and usage; see README).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var server = CommonOptions.Server();
        var token = OperatorsCommand.Token();
        var command = new Command("show", "Show a run: status, timeline of nodes with durations, tokens, cost and errors, the run's usage, and output.") { run, format, dataDir, backend, server, token };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var output = result.InvocationConfiguration.Output;
            var id = result.GetValue(run)!;
            RunInfo info;
            using (var remote = CommonOptions.ServerClient(result, server, result.GetValue(token)))
            {
                if (remote is not null)
                {
                    info = await remote.GetRunAsync(id, cancellationToken).ConfigureAwait(false)
                        ?? throw new Core.AgentFlowException($"no run '{id}' on the server at {remote.Address}; list runs with agentflow runs --server {remote.Address}");
                }
                else
                {
                    await using var services = CommonOptions.Services(result, dataDir, backend);
                    await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
                    info = await session.Client.GetAsync(id, cancellationToken).ConfigureAwait(false)
                        ?? throw new Core.AgentFlowException($"no run '{id}' in {services.Location}; list runs with agentflow runs");
                }
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(info, Json)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"run {info.RunId}: {info.Workflow}, {info.Status.Name()} (created {info.CreatedAt:u}, updated {info.UpdatedAt:u})").ConfigureAwait(false);
            if (info.Origin is { } origin)
            {
                await output.WriteLineAsync($"started by trigger {origin.Trigger} ({origin.Kind}): {origin.Summary} (key {origin.Key})").ConfigureAwait(false);
            }
            if (info.Fork is { } fork)
            {
                await output.WriteLineAsync($"replay fork of run {fork.SourceRun}: {DiffText.Describe(fork)}; compare with agentflow replay's diff, or GET /api/runs/{info.RunId}/diff").ConfigureAwait(false);
            }

            foreach (var wait in info.IsFinished ? [] : info.Progress?.Waiting ?? [])
            {
                await output.WriteLineAsync($"waiting: {wait.Kind.Name()} at '{wait.Node}'{(wait.Until is { } u ? $" until {u:u}" : string.Empty)}{(wait.Approvers is { } a ? $" (approvers: {string.Join(", ", a)})" : string.Empty)}{(wait.Reason is { } r ? $": {r}" : string.Empty)}{(wait.Kind == WaitKind.Approval ? $"; to approve: agentflow approve {ShellWord.Quote(info.RunId)} {ShellWord.Quote(wait.Node)}" : string.Empty)}").ConfigureAwait(false);
                foreach (var line in wait.Kind == WaitKind.Approval ? ShownText.Lines(wait.Show, wait.Untrusted) : [])
                {
                    await output.WriteLineAsync("  " + line).ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync("timeline:").ConfigureAwait(false);
            await TimelineText.WriteAsync(output, info).ConfigureAwait(false);

            await FeedbackText.WriteAsync(output, info.Feedback).ConfigureAwait(false);
            if (info.Error is not null)
            {
                await output.WriteLineAsync($"error: {info.Error}").ConfigureAwait(false);
            }

            if (info.Status == RunStatus.Completed)
            {
                await output.WriteLineAsync("output:").ConfigureAwait(false);
                await output.WriteLineAsync(info.Output?.ToJsonString(Json) ?? "null").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
