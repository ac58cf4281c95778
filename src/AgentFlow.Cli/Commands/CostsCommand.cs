using System.CommandLine;
using System.Text.Json;
using AgentFlow.Cli.Running;
using AgentFlow.Engine.Costs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow costs [--since WHEN] [--until WHEN] [--by workflow|agent|model] [--workflow NAME] [--format text|json]
/// [--server URL]</c>: tokens, model calls and cost summed over the runs of a period.
/// </summary>
internal static class CostsCommand
{
    public static Command Create()
    {
        var since = Bound("--since", "Sum only runs created at or after this: " + TimeBound.Forms + "; default: every run.");
        var until = Bound("--until", "Sum only runs created before this (same forms as --since); default: up to now.");
        var by = new Option<string>("--by") { Description = "What a row sums: workflow (each run's totals), agent or model (each node's usage).", DefaultValueFactory = _ => "workflow" };
        by.CompletionSources.Add([.. CostGroupings.Names]);
        by.Validators.Add(r =>
        {
            if (!CostGroupings.TryParse(r.GetValueOrDefault<string>(), out _))
            {
                r.AddError($"--by '{r.GetValueOrDefault<string>()}' is not a grouping; use one of {string.Join(", ", CostGroupings.Names)}");
            }
        });
        var workflow = new Option<string?>("--workflow") { Description = "Sum only runs of this workflow (its name, not its file)." };
        var format = new Option<string>("--format") { Description = "Output format: text (a table with totals and notes) or json (query, runs, unfinishedRuns, unattributedRuns, partial, rows and totals of { key, currency, runs, inputTokens, outputTokens, tokens, modelCalls, cost }).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var server = CommonOptions.Server();
        var token = OperatorsCommand.Token();
        var command = new Command("costs", "Sum tokens, model calls and cost over runs (every status), by workflow, agent or model.") { since, until, by, workflow, format, dataDir, backend, server, token };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var output = result.InvocationConfiguration.Output;
            var now = DateTime.UtcNow;
            var grouping = CostGroupings.TryParse(result.GetValue(by), out var parsed) ? parsed : CostGrouping.Workflow;
            var query = new CostQuery { Since = At(result.GetValue(since), now), Until = At(result.GetValue(until), now), By = grouping, Workflow = result.GetValue(workflow) };
            if (query.Since >= query.Until)
            {
                throw new Core.AgentFlowException($"--since ({query.Since:u}) is not before --until ({query.Until:u}); give a period that ends after it starts");
            }

            CostReport report;
            string location;
            using (var remote = CommonOptions.ServerClient(result, server, result.GetValue(token)))
            {
                if (remote is not null)
                {
                    report = await remote.GetCostsAsync(query, cancellationToken).ConfigureAwait(false);
                    location = $"the server at {remote.Address}";
                }
                else
                {
                    await using var services = CommonOptions.Services(result, dataDir, backend);
                    await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
                    report = await session.Client.CostsAsync(query, cancellationToken).ConfigureAwait(false);
                    location = services.Location;
                }
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, CliJson.Indented)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await CostsText.WriteAsync(output, report, location).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Option<string?> Bound(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !TimeBound.TryParse(text, DateTime.UtcNow, out _))
            {
                r.AddError($"{name} '{text}' is not a time; give {TimeBound.Forms}");
            }
        });
        return option;
    }

    private static DateTime? At(string? text, DateTime now) => text is not null && TimeBound.TryParse(text, now, out var at) ? at : null;
}
