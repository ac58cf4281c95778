namespace AgentFlow.Memory.Tests;

/// <summary>A clock that says what the test sets.</summary>
internal sealed class ManualTimeProvider(DateTime utcNow) : TimeProvider
{
    public DateTime UtcNow { get; set; } = utcNow;

    public override DateTimeOffset GetUtcNow() => new(UtcNow, TimeSpan.Zero);
}
