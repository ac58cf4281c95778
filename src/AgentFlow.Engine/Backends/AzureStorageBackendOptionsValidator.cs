using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Backends;

/// <summary>
/// Checks <see cref="AzureStorageBackendOptions"/>: one way to reach the account (a connection string of
/// <c>name=value;...</c> pairs, or an account name / service URIs for a credential), a valid task hub name, a partition
/// count from 1 to 16 and positive intervals. Used by <c>ValidateOnStart</c> and by the backend itself.
/// </summary>
public sealed class AzureStorageBackendOptionsValidator : IValidateOptions<AzureStorageBackendOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureStorageBackendOptions options)
    {
        var problems = Problems(options).Select(p => $"{p.Setting}: {p.Message}").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The invalid settings of the azure-storage backend (their shape, not whether they reach storage).</summary>
    internal static IEnumerable<(string Setting, string Message)> Problems(AzureStorageBackendOptions options)
    {
        foreach (var problem in AccountProblems(options))
        {
            yield return problem;
        }

        if (!IsValidTaskHubName(options.TaskHubName))
        {
            yield return ("azureStorage.taskHubName", $"'{options.TaskHubName}' is not a valid task hub name: use 3-45 letters or digits, starting with a letter");
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            yield return ("azureStorage.partitionCount", $"{options.PartitionCount} is outside the allowed range 1-16");
        }

        if (options.MaxQueuePollingInterval <= TimeSpan.Zero)
        {
            yield return ("azureStorage.maxQueuePollingInterval", "must be greater than zero");
        }

        if (options.PartitionTableOperationTimeout <= TimeSpan.Zero)
        {
            yield return ("azureStorage.partitionTableOperationTimeout", "must be greater than zero");
        }

        if (options.WorkerId is { } worker && (worker.Length == 0 || worker.Length > 100 || worker.Any(char.IsControl)))
        {
            yield return ("azureStorage.workerId", "must be 1-100 printable characters; give each worker process its own stable id");
        }
    }

    /// <summary>The problems with how the account is reached: exactly one of a connection string and an account name / service URIs.</summary>
    internal static IEnumerable<(string Setting, string Message)> AccountProblems(AzureStorageBackendOptions options)
    {
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var uris = new (string Setting, Uri? Value)[]
        {
            ("azureStorage.blobServiceUri", options.BlobServiceUri),
            ("azureStorage.queueServiceUri", options.QueueServiceUri),
            ("azureStorage.tableServiceUri", options.TableServiceUri),
        };
        var hasAccount = !string.IsNullOrWhiteSpace(options.AccountName) || uris.Any(u => u.Value is not null);
        if (!hasConnection && !hasAccount)
        {
            yield return ("azureStorage.connectionString", "or azureStorage.accountName is required: a connection string for Azurite and development (UseDevelopmentStorage=true), an account name for Azure with a managed identity or az login (no key in configuration)");
            yield break;
        }

        if (hasConnection && hasAccount)
        {
            yield return ("azureStorage.accountName", "and azureStorage.connectionString are both set: use the connection string for Azurite/development or the account name (with a managed identity) for Azure, not both");
            yield break;
        }

        if (hasConnection)
        {
            if (!IsNameValueList(options.ConnectionString!))
            {
                // The value itself is never echoed: it may hold an account key.
                yield return ("azureStorage.connectionString", "cannot be parsed as a storage connection string: expected name=value pairs separated by ';' (for Azurite: UseDevelopmentStorage=true)");
            }

            yield break;
        }

        if (options.AccountName is { Length: > 0 } name && !IsValidAccountName(name))
        {
            yield return ("azureStorage.accountName", $"'{name}' is not a storage account name: use 3-24 lower-case letters and digits");
        }

        foreach (var (setting, value) in uris)
        {
            if (value is null)
            {
                if (string.IsNullOrWhiteSpace(options.AccountName))
                {
                    yield return (setting, "is required when azureStorage.accountName is not set (give all three service URIs, or the account name)");
                }
            }
            else if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && !(value.Scheme == Uri.UriSchemeHttp && value.IsLoopback)))
            {
                yield return (setting, $"'{value}' must be an absolute https URI (http only on 127.0.0.1/localhost), e.g. https://ACCOUNT.blob.core.windows.net/");
            }
        }
    }

    private static bool IsNameValueList(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0);

    private static bool IsValidAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    private static bool IsValidTaskHubName(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
