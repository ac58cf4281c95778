using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

public sealed partial class AuditLog
{
    /// <summary>
    /// Checks every line: readable, hash matching its content, sequence 1, 2, 3... and previous hash linking to the line
    /// before. Stops at the first problem and names its line.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_path))
        {
            return new AuditVerification(true, 0, null, null, null);
        }

        await using var held = await FileLock.AcquireAsync(_lockPath, cancellationToken).ConfigureAwait(false);
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var endsWithLineBreak = stream.Length == 0 || EndsWithLineBreak(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var verified = 0L;
        var previousHash = GenesisHash;
        var number = 0;
        AuditRecord? record = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            record = Parse(line, out var json);
            var problem = record is null
                ? $"line {number}: not a valid audit record (the line is truncated or garbled)"
                : Check(record, json!, number, verified + 1, previousHash);
            if (problem is not null)
            {
                return new AuditVerification(false, verified, record?.Sequence, number, problem);
            }

            verified++;
            previousHash = record!.Hash;
        }

        return endsWithLineBreak
            ? new AuditVerification(true, verified, null, null, null)
            : new AuditVerification(false, verified - 1, record?.Sequence, number,
                $"line {number} (sequence {record?.Sequence}): the line has no line break at its end (the write was cut off)");
    }

    private static string? Check(AuditRecord record, JsonObject json, int number, long expected, string previousHash)
    {
        var at = $"line {number} (sequence {record.Sequence})";
        if (ContentHash(json) != record.Hash)
        {
            return $"{at}: hash does not match its content (the record was edited)";
        }

        if (record.Sequence != expected)
        {
            return record.Sequence > expected
                ? $"{at}: expected sequence {expected} (a record before it was deleted, or records were reordered)"
                : $"{at}: expected sequence {expected} (the record is out of order, duplicated or inserted)";
        }

        if (record.PreviousHash != previousHash)
        {
            return number == 1
                ? $"{at}: previousHash of the first record must be 64 zeros (records before it were removed or it was inserted)"
                : $"{at}: previousHash does not match the hash of line {number - 1} (a record was inserted or replaced)";
        }

        return record.Shown is not null && record.ShownHash != HashOf(record.Shown)
            ? $"{at}: shownHash is not the hash of the shown values (the record was edited)"
            : null;
    }

    /// <summary>The hash of a record's JSON line: <see cref="HashOf"/> of the line without its <c>hash</c> property.</summary>
    private static string ContentHash(JsonObject line)
    {
        var content = line.DeepClone().AsObject();
        content.Remove("hash");
        return HashOf(content);
    }

    private static AuditRecord? Parse(string line, out JsonObject? json)
    {
        json = null;
        try
        {
            json = JsonNode.Parse(line) as JsonObject;
            return json?.Deserialize<AuditRecord>(JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool EndsWithLineBreak(FileStream stream)
    {
        stream.Position = stream.Length - 1;
        var last = stream.ReadByte();
        stream.Position = 0;
        return last == '\n';
    }
}
