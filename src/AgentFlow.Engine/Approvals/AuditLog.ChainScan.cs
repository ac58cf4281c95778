using System.Text.Json.Nodes;

namespace AgentFlow.Engine.Approvals;

/// <content>The line-by-line pass of <see cref="VerifyAsync"/>.</content>
public sealed partial class AuditLog
{
    private const string KeySetting = "AGENTFLOW__AUDIT__KEYFILE (audit.keyFile in agentflow.json)";

    /// <summary>Walks the lines in order; the first problem ends the walk.</summary>
    /// <param name="key">The audit key, when its file exists.</param>
    /// <param name="keyFile">Where the key is expected, for messages.</param>
    /// <param name="keyProven">The head's MAC checked out with <paramref name="key"/>, so it is this log's key.</param>
    /// <param name="lines">Each line parsed, or null when it is not a record.</param>
    private sealed class ChainScan(AuditKey? key, string keyFile, bool keyProven, List<(AuditRecord Record, JsonObject Json)?> lines)
    {
        /// <summary>The parsed lines.</summary>
        public List<(AuditRecord Record, JsonObject Json)?> Lines => lines;

        /// <summary>Lines verified so far.</summary>
        public long Verified { get; private set; }

        /// <summary>Verified lines without a MAC (all before the first keyed one).</summary>
        public long Unkeyed { get; private set; }

        /// <summary>Verified lines with a MAC.</summary>
        public long Keyed { get; private set; }

        /// <summary>Checks every line; null when all are fine.</summary>
        public AuditVerification? Run()
        {
            var lastIndexOf = new Dictionary<long, int>();
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is { } line)
                {
                    lastIndexOf[line.Record.Sequence] = i;
                }
            }

            var previousHash = GenesisHash;
            for (var i = 0; i < lines.Count; i++)
            {
                var number = i + 1;
                if (lines[i] is not var (record, json))
                {
                    return Fail(AuditVerificationStatus.Tampered, number, null, $"line {number}: not a valid audit record (the line is truncated or garbled)");
                }

                var problem = CheckContent(record, json, number) ?? CheckPlace(record, number, previousHash, s => lastIndexOf.TryGetValue(s, out var at) && at > i);
                if (problem is not null)
                {
                    return problem;
                }

                Verified++;
                previousHash = record.Hash;
            }

            return null;
        }

        /// <summary>A result for a problem found at <paramref name="line"/>.</summary>
        public AuditVerification Fail(AuditVerificationStatus status, int? line, long? sequence, string problem) => new()
        {
            Status = status,
            Records = Verified,
            UnkeyedRecords = Unkeyed,
            KeyId = key?.Id,
            FirstBadLine = line,
            FirstBadSequence = sequence,
            Problem = problem,
        };

        /// <summary>Hash, MAC and shown hash: is the record what was written?</summary>
        private AuditVerification? CheckContent(AuditRecord record, JsonObject json, int number)
        {
            var at = $"line {number} (sequence {record.Sequence})";
            AuditVerification Tampered(string problem) => Fail(AuditVerificationStatus.Tampered, number, record.Sequence, $"{at}: {problem}");
            if (ContentHash(json) != record.Hash)
            {
                return Tampered("hash does not match its content (the record was edited)");
            }

            if (record.Shown is not null && record.ShownHash != HashOf(record.Shown))
            {
                return Tampered("shownHash is not the hash of the shown values (the record was edited)");
            }

            if (record.Mac is null && Keyed > 0)
            {
                return Tampered("the record has no MAC but follows records that have one (it was inserted or rewritten by someone without the audit key)");
            }

            if (record.Mac is null)
            {
                Unkeyed++;
                return null;
            }

            if (key is null)
            {
                return Fail(AuditVerificationStatus.Unverifiable, number, record.Sequence,
                    $"{at}: the record carries a MAC, but the audit key file '{keyFile}' does not exist, so no MAC can be checked: restore the key file or point {KeySetting} at it");
            }

            if (record.KeyId != key.Id)
            {
                return Keyed > 0 || keyProven
                    ? Tampered($"the record names audit key {record.KeyId}, not key {key.Id} that signed the rest of the log (it was inserted or rewritten)")
                    : Fail(AuditVerificationStatus.Unverifiable, number, record.Sequence,
                        $"{at}: the record was written with audit key {record.KeyId}, but '{keyFile}' holds key {key.Id}: point {KeySetting} at the key this log was written with");
            }

            if (!key.Verify(MacText(json), record.Mac))
            {
                return Tampered("the MAC does not match the content (the record was changed and its hash recomputed by someone without the audit key: the chain was rewritten)");
            }

            Keyed++;
            return null;
        }

        /// <summary>Sequence and link: is the record where it was written?</summary>
        private AuditVerification? CheckPlace(AuditRecord record, int number, string previousHash, Func<long, bool> comesLater)
        {
            var at = $"line {number} (sequence {record.Sequence})";
            AuditVerification Tampered(string problem) => Fail(AuditVerificationStatus.Tampered, number, record.Sequence, $"{at}: {problem}");
            var expected = Verified + 1;
            if (record.Sequence > expected && !comesLater(expected))
            {
                var gap = record.Sequence - expected;
                return number == 1
                    ? Tampered($"the log starts at sequence {record.Sequence} instead of 1: {Count(gap, "the first record was", $"the first {gap} records were")} deleted")
                    : Tampered($"sequence {expected - 1} is followed by {record.Sequence}: {Count(gap, $"the record with sequence {expected} was", $"the {gap} records with sequences {expected} to {record.Sequence - 1} were")} deleted");
            }

            if (record.Sequence > expected)
            {
                return Tampered($"expected sequence {expected}, which comes later in the file: the records were reordered");
            }

            if (record.Sequence < expected)
            {
                return Tampered($"expected sequence {expected}; sequence {record.Sequence} came before (the record was duplicated, inserted or moved)");
            }

            if (record.PreviousHash != previousHash)
            {
                return Tampered(number == 1
                    ? "previousHash of the first record must be 64 zeros (records before it were removed or it was inserted)"
                    : $"previousHash does not match the hash of line {number - 1} (a record was inserted or replaced)");
            }

            return null;
        }

        private static string Count(long n, string one, string many) => n == 1 ? one : many;
    }
}
