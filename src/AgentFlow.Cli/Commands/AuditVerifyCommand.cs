using System.CommandLine;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Cli.Commands;

/// <summary>
/// <c>agentflow audit verify [--log-only]</c>: checks the log's hash chain, MACs and recorded head, then that every
/// decision recorded in run histories is in the log. Exit 0 intact, 2 tampered (or decisions missing), 1 when the log
/// cannot be vouched for (key missing or another one, unkeyed log without a head).
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var backend = CommonOptions.Backend();
        var logOnly = new Option<bool>("--log-only") { Description = "Check only the log and its head, not the decisions recorded in run histories (no backend needed)." };
        var command = new Command("verify", "Check the audit log: hash chain, MACs with the audit key, head, and the decisions in run histories. Exit 0 if intact, 2 if tampered with.")
        {
            dataDir, backend, logOnly,
        };
        command.SetAction((result, cancellationToken) => CommonOptions.GuardAsync(result.InvocationConfiguration.Error, async () =>
        {
            var (output, error) = (result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
            await using var services = CommonOptions.Services(result, dataDir, backend);
            var log = services.Get<AuditLog>();
            var check = await log.VerifyAsync(cancellationToken).ConfigureAwait(false);
            var code = check.Status switch
            {
                AuditVerificationStatus.Intact => ExitCodes.Ok,
                AuditVerificationStatus.Tampered => ExitCodes.Invalid,
                _ => ExitCodes.UsageOrIo,
            };
            if (check.Ok)
            {
                await output.WriteLineAsync(Summary(check)).ConfigureAwait(false);
            }
            else
            {
                var what = check.Status == AuditVerificationStatus.Tampered ? "audit log TAMPERED" : "audit log cannot be verified";
                await error.WriteLineAsync($"agentflow: {what}: {check.Problem}").ConfigureAwait(false);
            }

            if (check.Note is { } note)
            {
                await output.WriteLineAsync($"note: {note}").ConfigureAwait(false);
            }

            if (result.GetValue(logOnly))
            {
                return code;
            }

            await using var session = await CliSession.OpenReadOnlyAsync(services, cancellationToken).ConfigureAwait(false);
            DecisionCrossCheckResult cross;
            try
            {
                cross = await DecisionCrossCheck.RunAsync(log, session.RecordedDecisions, cancellationToken).ConfigureAwait(false);
            }
            catch (AuditLogException ex)
            {
                await error.WriteLineAsync($"agentflow: decisions in run histories not cross-checked: {ex.Message}").ConfigureAwait(false);
                return code == ExitCodes.Ok ? ExitCodes.Invalid : code;
            }

            foreach (var lost in cross.Missing)
            {
                var at = lost.InstanceId is { } instance ? $"{lost.RunId} (instance {instance})" : lost.RunId;
                await error.WriteLineAsync($"agentflow: audit log TAMPERED: run {at} recorded that {lost.Operator} {lost.Decision} '{lost.Node}', but the log has no such decision record (the log lost it)").ConfigureAwait(false);
            }

            if (cross.Ok)
            {
                await output.WriteLineAsync($"run histories in {services.Location}: {cross.Checked} recorded decision(s), all in the audit log").ConfigureAwait(false);
                return code;
            }

            return ExitCodes.Invalid;
        }));
        return command;
    }

    private static string Summary(AuditVerification check)
    {
        if (check.Records == 0)
        {
            return "audit log intact: no records yet";
        }

        var unkeyed = check.UnkeyedRecords > 0 ? $" ({check.UnkeyedRecords} written before audit keys, sealed by the keyed records after them)" : string.Empty;
        var head = check.Head is { } h ? $", head at sequence {h.Sequence} matches" : string.Empty;
        return $"audit log intact: {check.Records} records{unkeyed}, hash chain and MACs verified with audit key {check.KeyId}{head}";
    }
}
