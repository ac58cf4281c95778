using Microsoft.Extensions.Options;

namespace AgentFlow.Engine.Backends;

/// <summary>
/// Checks <see cref="AzureStorageBackendOptions"/>: a connection string of <c>name=value;...</c> pairs, a valid task
/// hub name, 1-16 partitions. Whether the account answers is checked later, when the backend opens.
/// </summary>
public sealed class AzureStorageBackendOptionsValidator : IValidateOptions<AzureStorageBackendOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AzureStorageBackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Problems(options).Select(p => $"{p.Setting}: {p.Message}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The invalid settings of the azure-storage backend (the connection string's shape, not whether it reaches storage).</summary>
    internal static IEnumerable<(string Setting, string Message)> Problems(AzureStorageBackendOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return ("azureStorage.connectionString", "is required; for Azurite use UseDevelopmentStorage=true");
        }
        else if (!IsNameValueList(options.ConnectionString))
        {
            // The value itself is never echoed: it may hold an account key.
            yield return ("azureStorage.connectionString", "cannot be parsed as a storage connection string: expected name=value pairs separated by ';' (for Azurite: UseDevelopmentStorage=true)");
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
    }

    private static bool IsNameValueList(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0);

    private static bool IsValidTaskHubName(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);
}
