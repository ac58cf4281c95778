using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>The audit storage contract on <c>DATA/audit.jsonl</c> and <c>DATA/audit-head.db</c> in a scratch folder.</summary>
public sealed class FileAuditStorageContractTests : AuditStorageContractTests
{
    protected override IAuditStorage OpenStorage() => new FileAuditStorage(Folder.Data);

    protected override async Task EditLineAsync(long sequence, Func<string, string> edit)
    {
        var lines = await File.ReadAllLinesAsync(Folder.LogPath, Token);
        lines[sequence - 1] = edit(lines[sequence - 1]);
        await Folder.RewriteAsync(lines);
    }

    protected override async Task DeleteLineAsync(long sequence)
    {
        var lines = (await File.ReadAllLinesAsync(Folder.LogPath, Token)).ToList();
        lines.RemoveAll(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["sequence"]!.GetValue<long>() == sequence);
        await Folder.RewriteAsync(lines);
    }
}
