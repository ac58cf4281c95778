using Azure;
using Azure.Data.Tables;

namespace AgentFlow.Engine.Approvals;

/// <content>The append: one entity-group transaction that adds the record and moves the head, or a conflict.</content>
public sealed partial class AzureTableAuditStorage
{
    private sealed class Tail(AzureTableAuditStorage storage, string? last, (AuditHead Head, string Mac)? head, ETag? etag) : AuditTail
    {
        public override string? LastLine => last;

        public override (AuditHead Head, string Mac)? Head => head;

        public override async Task<bool> TryAppendAsync(string line, AuditHead head, string headMac, CancellationToken cancellationToken = default)
        {
            var record = RecordEntity(head.Sequence, line);
            var moved = new TableEntity(Partition, HeadRow)
            {
                ["Sequence"] = head.Sequence,
                ["Hash"] = head.Hash,
                ["Mac"] = headMac,
            };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, record),
                etag is { } read ? new(TableTransactionActionType.UpdateReplace, moved, read) : new(TableTransactionActionType.Add, moved),
            ];
            try
            {
                await storage._table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // The sequence exists or the head moved: another writer appended since the tail was read.
                return false;
            }
        }
    }
}
