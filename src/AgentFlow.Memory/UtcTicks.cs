namespace AgentFlow.Memory;

/// <summary>How the memory stores turn times into comparable UTC ticks.</summary>
internal static class UtcTicks
{
    /// <summary>Ticks of <paramref name="time"/> in UTC; unspecified kinds are taken as UTC already.</summary>
    public static long From(DateTime time) => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;
}
