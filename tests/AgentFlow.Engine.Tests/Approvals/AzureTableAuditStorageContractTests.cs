using System.Globalization;
using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Tests.Support;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>The audit storage contract on a table of its own in Azurite (or AGENTFLOW_TEST_AZURE_STORAGE), deleted afterwards.</summary>
public sealed class AzureTableAuditStorageContractTests : AuditStorageContractTests
{
    private readonly TableServiceClient _service = new(AzureStorageFixture.ConnectionString);
    private readonly string _name = "audit" + Guid.NewGuid().ToString("N")[..12];

    public override async Task DisposeAsync()
    {
        await _service.DeleteTableAsync(_name);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task AppendAsync_LineLongerThanAnEntityHolds_IsRefusedAndNothingIsWritten()
    {
        await AppendDecisionsAsync(1);
        var huge = new JsonObject { ["body"] = new string('x', AzureTableAuditStorage.MaxLineLength) };

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => OpenLog().AppendAsync(new AuditEntry(AuditKinds.Decision, "run", "review", "ana", "approved", Shown: huge), Token));

        Assert.Contains($"a record in an Azure table holds at most {AzureTableAuditStorage.MaxLineLength}", ex.Message, StringComparison.Ordinal);
        Assert.True((await OpenLog().VerifyAsync(Token)) is { Ok: true, Records: 1 });
    }

    [Fact]
    public async Task VerifyAsync_HeadRowMovedBackWithoutTheKey_ReportsTheForgedHead()
    {
        await AppendDecisionsAsync(5);
        var records = await OpenLog().ReadAsync(null, Token);
        var table = _service.GetTableClient(_name);
        await DeleteLineAsync(5);
        await DeleteLineAsync(4);
        var head = (await table.GetEntityAsync<TableEntity>("chain", "head", cancellationToken: Token)).Value;
        head["Sequence"] = 3L;
        head["Hash"] = records[2].Hash;
        await table.UpdateEntityAsync(head, head.ETag, TableUpdateMode.Replace, Token);

        var result = await OpenLog().VerifyAsync(Token);

        Assert.Equal(AuditVerificationStatus.Tampered, result.Status);
        Assert.Contains($"the head in {OpenStorage().HeadLocation} (sequence 3) does not carry a valid MAC", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TableNeverWritten_IsIntactWithNoRecords()
    {
        var result = await OpenLog().VerifyAsync(Token);

        Assert.Equal((AuditVerificationStatus.Intact, 0L), (result.Status, result.Records));
        Assert.Equal($"table '{_name}' of account {_service.AccountName}", OpenStorage().Location);
    }

    protected override IAuditStorage OpenStorage() => new AzureTableAuditStorage(_service.GetTableClient(_name));

    protected override async Task EditLineAsync(long sequence, Func<string, string> edit)
    {
        var table = _service.GetTableClient(_name);
        var entity = (await table.GetEntityAsync<TableEntity>("chain", RowKey(sequence), cancellationToken: Token)).Value;
        var line = string.Concat(Enumerable.Range(0, entity.GetInt32("Parts")!.Value).Select(i => entity.GetString($"Line{i}")));
        var edited = new TableEntity("chain", RowKey(sequence)) { ["Parts"] = 1, ["Line0"] = edit(line) };
        await table.UpdateEntityAsync(edited, entity.ETag, TableUpdateMode.Replace, Token);
    }

    protected override Task DeleteLineAsync(long sequence) =>
        _service.GetTableClient(_name).DeleteEntityAsync("chain", RowKey(sequence), cancellationToken: Token);

    private static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);
}
