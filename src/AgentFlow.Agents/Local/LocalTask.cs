namespace AgentFlow.Agents.Local;

/// <summary>What the instruction asks the local model to do.</summary>
internal enum LocalTask
{
    /// <summary>Extractive summary (the default).</summary>
    Summarise,

    /// <summary>A greeting line for a named person, then a summary.</summary>
    Greeting,

    /// <summary>Comma-separated key terms.</summary>
    Keywords,

    /// <summary>The label whose rule keywords best match the content.</summary>
    Classify,

    /// <summary>A short subject line or headline.</summary>
    Title,
}
