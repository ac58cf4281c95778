using System.CommandLine;
using System.Globalization;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow audit RUN</c> (a run's decisions, refusals, timeouts, escalations; all records without RUN, including
/// operator changes) and <c>agentflow audit verify</c> (<see cref="AuditVerifyCommand"/>).
/// </summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var run = new Argument<string?>("run") { Description = "The run whose audit records to print (all records when omitted).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("audit", "Print audit records (who decided what, when, on which shown values; who changed the operators).") { run, dataDir, AuditVerifyCommand.Create() };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            await using var services = CommonOptions.Services(result, dataDir, null);
            var records = await services.Get<AuditLog>().ReadAsync(result.GetValue(run), cancellationToken).ConfigureAwait(false);
            var rows = records.Select(r => new[]
            {
                r.Sequence.ToString(CultureInfo.InvariantCulture),
                r.Time.ToString("u", CultureInfo.InvariantCulture),
                r.RunId ?? "-",
                r.Node ?? "-",
                r.Kind,
                r.Operator ?? "-",
                r.Decision ?? "-",
                string.Join("; ", new[] { r.Subject is { } s ? (r.Kind == AuditKinds.Operator ? "operator " + s : s) : null, r.Comment, r.Reason, r.Edits is { Count: > 0 } e ? "edits " + e.ToJsonString() : null, r.ShownHash is { } h ? "shown " + h[..12] : null }.OfType<string>()),
            }).ToList();
            if (rows.Count == 0)
            {
                await result.InvocationConfiguration.Output.WriteLineAsync("no audit records").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            await Table.WriteAsync(result.InvocationConfiguration.Output, ["#", "TIME (UTC)", "RUN", "NODE", "KIND", "OPERATOR", "DECISION", "DETAIL"], rows).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
