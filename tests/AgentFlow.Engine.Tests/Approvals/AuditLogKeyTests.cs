using System.Text.Json.Nodes;
using AgentFlow.Engine.Approvals;
using Microsoft.Data.Sqlite;

namespace AgentFlow.Engine.Tests.Approvals;

/// <summary>The audit key (created once, outside the data dir), the head's MAC, and logs written before keys.</summary>
public sealed class AuditLogKeyTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AppendAsync_FirstUse_CreatesAnOwnerOnlyKeyAndSignsWithIt()
    {
        var record = await _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None);

        Assert.True(File.Exists(_folder.KeyFile));
        Assert.Equal(44, (await File.ReadAllTextAsync(_folder.KeyFile)).Trim().Length);
        Assert.Matches("^[0-9a-f]{64}$", record.Mac);
        Assert.Matches("^[0-9a-f]{16}$", record.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folder.KeyFile));
        }
    }

    [Fact]
    public async Task AppendAsync_KeyFileInsideTheDataDirectory_IsRefused()
    {
        var log = new AuditLog(_folder.Data, new AuditLogOptions { KeyFile = Path.Combine(_folder.Data, "keys", "audit.key") });

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => log.AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Contains("is inside the data directory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AGENTFLOW__AUDIT__KEYFILE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_KeyFileLostAfterKeyedRecords_RefusesToStartANewKey()
    {
        await _folder.DecisionsAsync(2);
        File.Delete(_folder.KeyFile);

        var ex = await Assert.ThrowsAsync<AuditLogException>(() => _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None));

        Assert.Contains("does not exist, but this log was written with a key", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.KeyFile));
    }

    [Fact]
    public async Task VerifyAsync_KeyFileMissing_IsUnverifiableNamingTheFile()
    {
        await _folder.DecisionsAsync(2);
        File.Delete(_folder.KeyFile);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Unverifiable, result.Status);
        Assert.Contains($"the audit key file '{_folder.KeyFile}' does not exist", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AnotherKey_IsUnverifiableNotTampered()
    {
        await _folder.DecisionsAsync(2);
        var other = Path.Combine(Path.GetDirectoryName(_folder.KeyFile)!, "other.key");
        await File.WriteAllTextAsync(other, Convert.ToBase64String(new byte[32]));

        var result = await new AuditLog(_folder.Data, new AuditLogOptions { KeyFile = other }).VerifyAsync(CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Unverifiable, result.Status);
        Assert.Contains("point AGENTFLOW__AUDIT__KEYFILE", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_HeadRowEditedWithoutTheKey_ReportsTheForgedHead()
    {
        var lines = await _folder.DecisionsAsync(5);
        await ExecuteAsync($"UPDATE audit_head SET sequence = 3, hash = '{JsonNode.Parse(lines[2])!["hash"]}'");
        await _folder.RewriteAsync(lines[..3]);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Tampered, result.Status);
        Assert.Contains("does not carry a valid MAC: it was edited by someone without the audit key", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_HeadDatabaseDeleted_ReportsTheMissingHead()
    {
        await _folder.DecisionsAsync(3);
        SqliteConnection.ClearAllPools();
        File.Delete(_folder.HeadPath);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Tampered, result.Status);
        Assert.Contains("no head is recorded", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_HeadOneBehindAfterAnInterruptedAppend_IsIntactWithANote()
    {
        await _folder.DecisionsAsync(2);
        var saved = Path.Combine(Path.GetDirectoryName(_folder.KeyFile)!, "head.db");
        File.Copy(_folder.HeadPath, saved);
        await _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None);
        File.Copy(saved, _folder.HeadPath, overwrite: true);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);
        var next = await _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Intact, result.Status);
        Assert.Contains("1 record(s) after the head (sequence 2)", result.Note, StringComparison.Ordinal);
        Assert.Equal(new AuditHead(4, next.Hash), (await _folder.NewLog().VerifyAsync(CancellationToken.None)).Head);
    }

    [Fact]
    public async Task VerifyAsync_UnkeyedLogWithoutHead_IsUnverifiableUntilTheNextAppendSealsIt()
    {
        await _folder.WriteUnkeyedAsync(3);

        var before = await _folder.NewLog().VerifyAsync(CancellationToken.None);
        await _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None);
        var after = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal(AuditVerificationStatus.Unverifiable, before.Status);
        Assert.Contains("none of the 3 records carries a MAC and no head is recorded", before.Problem, StringComparison.Ordinal);
        Assert.Equal((AuditVerificationStatus.Intact, 4L, 3L), (after.Status, after.Records, after.UnkeyedRecords));
    }

    [Fact]
    public async Task VerifyAsync_SealedUnkeyedRecordEdited_IsDetected()
    {
        await _folder.WriteUnkeyedAsync(3);
        await _folder.NewLog().AppendAsync(new AuditEntry(AuditKinds.Timeout, "run", "review"), CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(_folder.LogPath);
        var edited = JsonNode.Parse(lines[1])!.AsObject();
        edited["operator"] = "mallory";
        edited.Remove("hash");
        edited["hash"] = AuditLog.HashOf(edited);
        lines[1] = edited.ToJsonString();
        await _folder.RewriteAsync(lines);

        var result = await _folder.NewLog().VerifyAsync(CancellationToken.None);

        Assert.Equal((AuditVerificationStatus.Tampered, 3), (result.Status, result.FirstBadLine));
        Assert.Contains("previousHash does not match the hash of line 2", result.Problem, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.HeadPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
