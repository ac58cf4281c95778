using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

public sealed class AuditLogTamperingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agentflow-audit-").FullName;
    private readonly AuditLog _log;
    private readonly string _path;

    public AuditLogTamperingTests()
    {
        _log = new AuditLog(_dir);
        _path = Path.Combine(_dir, "audit.jsonl");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<List<string>> FiveRecordsAsync()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _log.AppendAsync(new AuditEntry(AuditKinds.Decision, "run", "review", "ana", "approved", $"c{i}",
                new JsonObject { ["subject"] = $"s{i}" }), CancellationToken.None);
        }

        Assert.True((await _log.VerifyAsync(CancellationToken.None)).Ok);
        return [.. await File.ReadAllLinesAsync(_path)];
    }

    private Task WriteAsync(IEnumerable<string> lines) => File.WriteAllTextAsync(_path, string.Concat(lines.Select(l => l + "\n")));

    private async Task<AuditVerification> AssertBrokenAsync(int line, long? sequence, string problem)
    {
        var result = await _log.VerifyAsync(CancellationToken.None);
        Assert.False(result.Ok);
        Assert.Equal((line, sequence), (result.FirstBadLine, result.FirstBadSequence));
        Assert.StartsWith($"line {line}", result.Problem, StringComparison.Ordinal);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public async Task VerifyAsync_EditedField_ReportsHashMismatchOnThatLine()
    {
        var lines = await FiveRecordsAsync();
        lines[2] = lines[2].Replace("\"approved\"", "\"rejected\"", StringComparison.Ordinal);
        await WriteAsync(lines);

        var result = await AssertBrokenAsync(3, 3, "line 3 (sequence 3): hash does not match its content (the record was edited)");

        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task VerifyAsync_DeletedMiddleLine_ReportsSequenceGap()
    {
        var lines = await FiveRecordsAsync();
        lines.RemoveAt(2);
        await WriteAsync(lines);

        await AssertBrokenAsync(3, 4, "expected sequence 3");
    }

    [Fact]
    public async Task VerifyAsync_SwappedLines_ReportsTheFirstOutOfOrder()
    {
        var lines = await FiveRecordsAsync();
        (lines[1], lines[2]) = (lines[2], lines[1]);
        await WriteAsync(lines);

        await AssertBrokenAsync(2, 3, "expected sequence 2");
    }

    [Fact]
    public async Task VerifyAsync_TruncatedLastLine_ReportsGarbledLine()
    {
        await FiveRecordsAsync();
        var bytes = await File.ReadAllBytesAsync(_path);
        await File.WriteAllBytesAsync(_path, bytes[..^20]);

        await AssertBrokenAsync(5, null, "truncated or garbled");
    }

    [Fact]
    public async Task VerifyAsync_InsertedForgedLineWithOwnHash_ReportsBrokenChain()
    {
        var lines = await FiveRecordsAsync();
        var forged = JsonNode.Parse(lines[2])!.AsObject();
        forged["comment"] = "forged";
        forged["previousHash"] = JsonNode.Parse(lines[0])!["hash"]!.GetValue<string>();
        forged.Remove("hash");
        forged["hash"] = AuditLog.HashOf(forged);
        lines.Insert(2, forged.ToJsonString());
        await WriteAsync(lines);

        await AssertBrokenAsync(3, 3, "previousHash does not match the hash of line 2");
    }

    [Fact]
    public async Task VerifyAsync_MissingFinalLineBreak_ReportsCutOffWrite()
    {
        await FiveRecordsAsync();
        var bytes = await File.ReadAllBytesAsync(_path);
        await File.WriteAllBytesAsync(_path, bytes[..^1]);

        var result = await AssertBrokenAsync(5, 5, "no line break");

        Assert.Equal(4, result.Records);
    }

    [Fact]
    public async Task AppendAsync_AfterTruncatedLastLine_RefusesToFork()
    {
        await FiveRecordsAsync();
        var bytes = await File.ReadAllBytesAsync(_path);
        await File.WriteAllBytesAsync(_path, bytes[..^20]);

        await Assert.ThrowsAsync<AuditLogException>(() => _log.AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Equal(bytes[..^20], await File.ReadAllBytesAsync(_path));
    }
}
