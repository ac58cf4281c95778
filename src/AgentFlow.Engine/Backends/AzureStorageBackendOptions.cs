namespace AgentFlow.Engine.Backends;

/// <summary>Settings of the <c>azure-storage</c> backend (Durable Task Framework's Azure Storage provider).</summary>
public sealed class AzureStorageBackendOptions
{
    /// <summary>Storage connection string; for Azurite use <c>UseDevelopmentStorage=true</c>. Required.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Task hub name: letters and digits, 3-45 characters. Default <c>agentflow</c>.</summary>
    public string TaskHubName { get; set; } = "agentflow";

    /// <summary>Control-queue partitions (1-16); more partitions spread orchestrations over more workers. Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest idle wait between queue polls; decides how fast an external event is noticed. Default 1 s.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stable worker id per machine, so a restarted worker reclaims its partition leases at once. Default: machine name.</summary>
    public string? WorkerId { get; set; }
}
