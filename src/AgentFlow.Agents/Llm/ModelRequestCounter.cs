namespace AgentFlow.Agents.Llm;

/// <summary>
/// Counts the HTTP requests behind one model call (first try and retries), so an error can say how many were made:
/// the retry policy runs inside the SDK, which reports only the last answer. The caller starts a counter; it flows
/// with the async context into <see cref="RetryingHttpHandler"/>, which counts each request it sends.
/// </summary>
internal sealed class ModelRequestCounter
{
    private static readonly AsyncLocal<ModelRequestCounter?> Active = new();
    private int _requests;

    /// <summary>Requests sent since <see cref="Start"/>.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A new counter for the model call about to be made in this async context.</summary>
    public static ModelRequestCounter Start()
    {
        var counter = new ModelRequestCounter();
        Active.Value = counter;
        return counter;
    }

    /// <summary>Counts one request for the call in progress (none outside a counted call).</summary>
    public static void CountRequest()
    {
        if (Active.Value is { } counter)
        {
            Interlocked.Increment(ref counter._requests);
        }
    }
}
