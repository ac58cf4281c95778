using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>Each way of tampering with the log is detected, with its own message.</summary>
public sealed class AuditLogTamperingTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task VerifyAsync_IntactLog_IsIntactUpToItsHead()
    {
        var lines = await _folder.DecisionsAsync(5);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal((AuditVerificationStatus.Intact, 5L, 0L, null, null), (result.Status, result.Records, result.UnkeyedRecords, result.Problem, result.Note));
        Assert.Equal(new AuditHead(5, JsonNode.Parse(lines[4])!["hash"]!.GetValue<string>()), result.Head);
        Assert.Matches("^[0-9a-f]{16}$", result.KeyId);
    }

    [Fact]
    public async Task VerifyAsync_EditedRecord_ReportsHashMismatchOnThatLine()
    {
        await _folder.RewriteAsync(Edit(await _folder.DecisionsAsync(5)));

        var result = await AssertTamperedAsync(3, 3, "line 3 (sequence 3): hash does not match its content (the record was edited)");

        Assert.Equal(2, result.Records);
    }

    [Fact]
    public async Task VerifyAsync_FirstRecordDeleted_ReportsTheLogStartsLate()
    {
        await _folder.RewriteAsync(DeleteFirst(await _folder.DecisionsAsync(5)));

        await AssertTamperedAsync(1, 2, "line 1 (sequence 2): the log starts at sequence 2 instead of 1: the first record was deleted");
    }

    [Fact]
    public async Task VerifyAsync_MiddleRecordDeleted_ReportsTheGap()
    {
        await _folder.RewriteAsync(DeleteMiddle(await _folder.DecisionsAsync(5)));

        await AssertTamperedAsync(3, 4, "line 3 (sequence 4): sequence 2 is followed by 4: the record with sequence 3 was deleted");
    }

    [Fact]
    public async Task VerifyAsync_LastRecordDeleted_ReportsItAgainstTheHead()
    {
        await _folder.RewriteAsync(await _folder.DecisionsAsync(5) is var lines ? lines[..^1] : []);

        var result = await AssertTamperedAsync(null, null, $"the log ends at sequence 4, but its head in '{_folder.HeadPath}' records sequence 5: the last record (sequence 5) was deleted");

        Assert.Equal(4, result.Records);
    }

    [Fact]
    public async Task VerifyAsync_LastThreeRecordsDeleted_ReportsThemAgainstTheHead()
    {
        await _folder.RewriteAsync(await _folder.DecisionsAsync(5) is var lines ? lines[..^3] : []);

        await AssertTamperedAsync(null, null, $"the log ends at sequence 2, but its head in '{_folder.HeadPath}' records sequence 5: the last 3 records (sequences 3 to 5) were deleted");
    }

    [Fact]
    public async Task VerifyAsync_RecordsSwapped_ReportsReordering()
    {
        await _folder.RewriteAsync(Swap(await _folder.DecisionsAsync(5)));

        await AssertTamperedAsync(2, 3, "line 2 (sequence 3): expected sequence 2, which comes later in the file: the records were reordered");
    }

    [Fact]
    public async Task VerifyAsync_TruncatedToZeroBytes_ReportsTruncation()
    {
        await _folder.DecisionsAsync(5);
        await File.WriteAllBytesAsync(_folder.LogPath, []);

        await AssertTamperedAsync(null, null, $"the audit log '{_folder.LogPath}' is empty (0 bytes), but its head in '{_folder.HeadPath}' records 5 records: the log was truncated to zero bytes");
    }

    [Fact]
    public async Task VerifyAsync_FileDeleted_ReportsDeletion()
    {
        await _folder.DecisionsAsync(5);
        File.Delete(_folder.LogPath);

        await AssertTamperedAsync(null, null, $"the audit log '{_folder.LogPath}' does not exist, but its head in '{_folder.HeadPath}' records 5 records: the log file was deleted");
    }

    [Fact]
    public async Task VerifyAsync_ChainRewrittenWithRecomputedHashesWithoutTheKey_ReportsMacMismatch()
    {
        await _folder.RewriteAsync(RewriteFrom(await _folder.DecisionsAsync(5), 2, stripMacs: false));

        await AssertTamperedAsync(3, 3, "line 3 (sequence 3): the MAC does not match the content (the record was changed and its hash recomputed by someone without the audit key: the chain was rewritten)");
    }

    [Fact]
    public async Task VerifyAsync_WholeChainRewrittenWithoutMacs_ReportsTheHeadNamesAnotherRecord()
    {
        await _folder.RewriteAsync(RewriteFrom(await _folder.DecisionsAsync(5), 0, stripMacs: true));

        await AssertTamperedAsync(5, 5, $"line 5 (sequence 5): not the record the head in '{_folder.HeadPath}' names");
    }

    [Fact]
    public async Task VerifyAsync_UnkeyedRecordAppendedAfterKeyedOnes_ReportsIt()
    {
        var lines = await _folder.DecisionsAsync(2);
        var forged = Unkeyed(JsonNode.Parse(lines[1])!.AsObject(), sequence: 3, previousHash: JsonNode.Parse(lines[1])!["hash"]!.GetValue<string>());
        await _folder.RewriteAsync([.. lines, forged.ToJsonString()]);

        await AssertTamperedAsync(3, 3, "line 3 (sequence 3): the record has no MAC but follows records that have one");
    }

    [Fact]
    public async Task VerifyAsync_EveryTampering_HasItsOwnMessage()
    {
        var variants = new Func<List<string>, List<string>>[]
        {
            Edit, DeleteFirst, DeleteMiddle, l => l[..^1], l => l[..^3], Swap, _ => [], l => RewriteFrom(l, 2, stripMacs: false), l => RewriteFrom(l, 0, stripMacs: true),
        };
        var original = await _folder.DecisionsAsync(5);
        var problems = new List<string>();
        foreach (var tamper in variants)
        {
            await _folder.RewriteAsync(tamper([.. original]));
            problems.Add(Shape((await _folder.NewLog().VerifyAsync(CancellationToken.None)).Problem!));
        }

        File.Delete(_folder.LogPath);
        problems.Add(Shape((await _folder.NewLog().VerifyAsync(CancellationToken.None)).Problem!));

        Assert.Equal(10, problems.Distinct().Count());
    }

    [Fact]
    public async Task VerifyAsync_TruncatedLastLine_ReportsGarbledLine()
    {
        await _folder.DecisionsAsync(5);
        var bytes = await File.ReadAllBytesAsync(_folder.LogPath);
        await File.WriteAllBytesAsync(_folder.LogPath, bytes[..^20]);

        await AssertTamperedAsync(5, null, "line 5: not a valid audit record (the line is truncated or garbled)");
    }

    [Fact]
    public async Task VerifyAsync_MissingFinalLineBreak_ReportsCutOffWrite()
    {
        await _folder.DecisionsAsync(5);
        var bytes = await File.ReadAllBytesAsync(_folder.LogPath);
        await File.WriteAllBytesAsync(_folder.LogPath, bytes[..^1]);

        var result = await AssertTamperedAsync(5, 5, "no line break");

        Assert.Equal(4, result.Records);
    }

    [Fact]
    public async Task AppendAsync_AfterTruncatedLastLine_RefusesToFork()
    {
        await _folder.DecisionsAsync(5);
        var bytes = await File.ReadAllBytesAsync(_folder.LogPath);
        await File.WriteAllBytesAsync(_folder.LogPath, bytes[..^20]);

        await Assert.ThrowsAsync<AuditLogException>(() => _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Equal(bytes[..^20], await File.ReadAllBytesAsync(_folder.LogPath));
    }

    [Fact]
    public async Task AppendAsync_AfterLastRecordsDeleted_RefusesToHideIt()
    {
        var lines = await _folder.DecisionsAsync(5);
        await _folder.RewriteAsync(lines[..^2]);

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Contains("ends at sequence 3, but its head records sequence 5: records were deleted from its end; nothing is audited until this is investigated (agentflow audit verify)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await File.ReadAllLinesAsync(_folder.LogPath)).Length);
    }

    [Fact]
    public async Task AppendAsync_AfterTheLogWasDeleted_RefusesToStartAnew()
    {
        await _folder.DecisionsAsync(2);
        File.Delete(_folder.LogPath);

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Contains("is missing or empty, but its head records 2 records: the log was deleted or emptied", ex.Message, StringComparison.Ordinal);
    }

    private async Task<AuditVerification> AssertTamperedAsync(int? line, long? sequence, string problem)
    {
        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);
        Assert.Equal(AuditVerificationStatus.Tampered, result.Status);
        Assert.False(result.Ok);
        Assert.Equal((line, sequence), (result.FirstBadLine, result.FirstBadSequence));
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
        return result;
    }

    /// <summary>The message without numbers and paths, so only its kind is compared.</summary>
    private static string Shape(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, @"'[^']*'|[0-9a-f]{12}…|\d+", "#");

    private static List<string> Edit(List<string> lines)
    {
        lines[2] = lines[2].Replace("\"approved\"", "\"rejected\"", StringComparison.Ordinal);
        return lines;
    }

    private static List<string> DeleteFirst(List<string> lines) => lines[1..];

    private static List<string> DeleteMiddle(List<string> lines)
    {
        lines.RemoveAt(2);
        return lines;
    }

    private static List<string> Swap(List<string> lines)
    {
        (lines[1], lines[2]) = (lines[2], lines[1]);
        return lines;
    }

    /// <summary>Changes record <paramref name="from"/> (0-based) and re-links every later one with recomputed hashes, as someone without the key can.</summary>
    private static List<string> RewriteFrom(List<string> lines, int from, bool stripMacs)
    {
        var previous = from == 0 ? AuditLog.GenesisHash : JsonNode.Parse(lines[from - 1])!["hash"]!.GetValue<string>();
        for (var i = from; i < lines.Count; i++)
        {
            var record = JsonNode.Parse(lines[i])!.AsObject();
            if (i == from)
            {
                record["decision"] = "rejected";
            }

            record = stripMacs ? Unkeyed(record, i + 1, previous) : Relinked(record, previous);
            previous = record["hash"]!.GetValue<string>();
            lines[i] = record.ToJsonString();
        }

        return lines;
    }

    private static JsonObject Relinked(JsonObject record, string previousHash)
    {
        record["previousHash"] = previousHash;
        record.Remove("hash");
        record["hash"] = AuditLog.HashOf(record);
        return record;
    }

    private static JsonObject Unkeyed(JsonObject record, long sequence, string previousHash)
    {
        record.Remove("mac");
        record.Remove("keyId");
        record["sequence"] = sequence;
        return Relinked(record, previousHash);
    }
}
