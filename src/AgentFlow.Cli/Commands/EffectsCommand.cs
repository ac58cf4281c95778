using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Ledger;
using AgentFlow.Engine.Runs;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow effects [--state started] [--format text|json]</c> lists the side-effect ledger; <c>agentflow effects resolve KEY --done
/// [--result JSON] | --repeat</c> lets an operator settle an effect in doubt (audited), and continues the run.
/// </summary>
internal static class EffectsCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var state = new Option<string?>("--state") { Description = "List only effects in this state: started (in doubt, or still running) or completed." };
        state.AcceptOnlyFromAmong("started", "completed");
        var format = new Option<string>("--format") { Description = "Output format: text (a table) or json (an array: key, tool, runId, node, state, startedAt, completedAt, resolvedBy).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("effects", "List the side-effect ledger of medium- and high-risk tools.") { state, format, dataDir, Resolve(dataDir) };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            var ledger = services.Get<IEffectLedger>();
            LedgerState? filter = result.GetValue(state) is { } s ? Enum.Parse<LedgerState>(s, ignoreCase: true) : null;
            var entries = await ledger.ListAsync(filter, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(format) == "json")
            {
                // Results stay out: they may be large, and a tool's result is the run's business (agentflow show has it).
                var items = entries.Select(e => new { e.Key, e.Tool, e.RunId, e.Node, e.State, e.StartedAt, e.CompletedAt, e.ResolvedBy });
                await result.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(items, CliJson.Compact)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Table.WriteAsync(result.InvocationConfiguration.Output, ["KEY", "TOOL", "STATE", "STARTED (UTC)", "RESOLVED BY"], [.. entries.Select(e => new[]
            {
                e.Key, e.Tool, e.State.ToString().ToLowerInvariant(), e.StartedAt.ToString("u", CultureInfo.InvariantCulture), e.ResolvedBy ?? string.Empty,
            })]).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Resolve(Option<string?> dataDir)
    {
        var key = CommonOptions.NonEmpty("key", "The idempotency key RUN/NODE/ITERATION of the effect to settle (agentflow effects --state started lists them).", "the key is empty; agentflow effects --state started lists the keys");
        var done = new Option<bool>("--done") { Description = "Settle it as done: the effect happened (you checked); the run continues without repeating it." };
        var repeat = new Option<bool>("--repeat") { Description = "Settle it as not done: the effect did not happen; the entry is cleared and the run performs it again." };
        var resultJson = new Option<string?>("--result") { Description = "With --done: the tool's result to record, as JSON (what later nodes read as the node's output)." };
        var token = OperatorsCommand.Token();
        var resolve = new Command("resolve", "Settle an effect in doubt, then continue its run.") { key, done, repeat, resultJson, token, dataDir };
        resolve.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var error = result.InvocationConfiguration.Error;
            if (result.GetValue(done) == result.GetValue(repeat))
            {
                await error.WriteLineAsync("agentflow effects resolve: give exactly one of --done or --repeat").ConfigureAwait(false);
                return ExitCodes.UsageOrIo;
            }

            await using var services = CommonOptions.Services(result, dataDir, null);
            var (op, _) = await OperatorsCommand.AuthenticateAsync(services, result.GetValue(token), cancellationToken).ConfigureAwait(false);
            if (op is null)
            {
                await error.WriteLineAsync("agentflow: refused: resolving an effect needs a valid operator token (--token or AGENTFLOW_TOKEN)").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var id = result.GetValue(key)!;
            JsonNode? value = null;
            try
            {
                value = result.GetValue(resultJson) is { } json ? JsonNode.Parse(json) : null;
            }
            catch (JsonException ex)
            {
                throw new Core.AgentFlowException($"--result is not valid JSON: {ex.Message}");
            }

            var ledger = services.Get<IEffectLedger>();
            var entry = await ledger.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (entry is not { State: LedgerState.Started })
            {
                throw new Core.AgentFlowException(entry is null ? $"no ledger entry '{id}'; see agentflow effects --state started" : $"'{id}' is already completed; nothing to resolve");
            }

            var repeatIt = result.GetValue(repeat);
            await ledger.ResolveAsync(id, repeatIt ? LedgerResolution.Repeat : LedgerResolution.Done, value, op.Name, cancellationToken).ConfigureAwait(false);
            await services.Get<AuditLog>().AppendAsync(new AuditEntry(Kind: "effect", RunId: entry.RunId, Node: entry.Node, Operator: op.Name, Decision: repeatIt ? "repeat" : "done", Reason: $"tool '{entry.Tool}' key {id}"), cancellationToken).ConfigureAwait(false);
            await using var session = await CliSession.OpenAsync(services, worker: true, cancellationToken).ConfigureAwait(false);
            var delivered = await session.Client.DeliverEffectResolutionAsync(entry.RunId, entry.Node, new EffectResolution(op.Name, repeatIt), cancellationToken).ConfigureAwait(false);
            await error.WriteLineAsync($"{op.Name} resolved {id} as {(repeatIt ? "to repeat" : "done")}{(delivered is null ? "; the run does not wait on it now and reads the resolution when it retries the effect" : string.Empty)}").ConfigureAwait(false);
            var root = RunIds.Root(entry.RunId);
            bool Settled(RunInfo r) => delivered is null || r.Progress?.Waiting.Any(w => RunClient.WaitsOnEffect(w, entry.RunId, entry.Node)) != true;
            return await RunCommand.FollowAsync(session, root, TimeSpan.FromSeconds(60), result.InvocationConfiguration.Output, error, cancellationToken, Settled).ConfigureAwait(false);
        }));
        return resolve;
    }
}
