using System.Text.Json;
using AgentFlow.Engine.Records;

namespace AgentFlow.Engine.Approvals;

/// <content>Reading the operators and changing them by optimistic concurrency on the document's version.</content>
public sealed partial class OperatorStore
{
    // Each lost race means another store's change landed, so a change is retried at most once per concurrent writer;
    // this bound only stops a store from looping forever against a document that changes without end.
    private const int MaxChangeAttempts = 100;

    private static string ValidDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        return dataDirectory;
    }

    /// <summary>
    /// Reads the operators, applies <paramref name="change"/> (which returns whether to save, and the result) and saves
    /// them if the document is still the version read; otherwise reads again and re-applies the change.
    /// </summary>
    private async Task<T> ChangeAsync<T>(Func<List<StoredOperator>, Task<(bool Save, T Result)>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var read = await _document.ReadAsync(cancellationToken).ConfigureAwait(false);
            var all = Parse(read);
            var (save, result) = await change(all).ConfigureAwait(false);
            if (!save || await _document.TryWriteAsync(JsonSerializer.SerializeToUtf8Bytes(all, JsonOptions), read?.Version, cancellationToken).ConfigureAwait(false))
            {
                return result;
            }

            if (attempt == MaxChangeAttempts)
            {
                throw new OperatorException($"the operators in '{_document.Location}' kept changing under this change ({MaxChangeAttempts} attempts); try again");
            }
        }
    }

    private async Task<List<StoredOperator>> LoadAsync(CancellationToken cancellationToken) =>
        Parse(await _document.ReadAsync(cancellationToken).ConfigureAwait(false));

    private List<StoredOperator> Parse(VersionedContent? read)
    {
        if (read is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<StoredOperator>>(read.Content.Span, JsonOptions) ?? [];
        }
        catch (JsonException ex)
        {
            throw new OperatorException($"'{_document.Location}' is not a valid operators file ({ex.Message}); restore it from a backup or remove it and add the operators again", ex);
        }
    }
}
