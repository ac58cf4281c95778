using AgentFlow.Core;

namespace AgentFlow.Memory.Retrieval;

/// <summary>A retrieval source cannot be read: a missing file, a glob that matches nothing, a feed that does not parse, a failed fetch.</summary>
public sealed class SourceReadException : AgentFlowException
{
    /// <summary>Creates the exception for source <paramref name="sourceName"/>, whose field <paramref name="field"/> is at fault.</summary>
    public SourceReadException(string sourceName, string field, string message, Exception? innerException = null)
        : base($"{field}: {message}", innerException ?? new InvalidOperationException(message))
    {
        SourceName = sourceName;
        Field = field;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public SourceReadException(string message)
        : base(message)
    {
        SourceName = string.Empty;
        Field = string.Empty;
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public SourceReadException(string message, Exception innerException)
        : base(message, innerException)
    {
        SourceName = string.Empty;
        Field = string.Empty;
    }

    /// <summary>Creates an exception with no message.</summary>
    public SourceReadException()
    {
        SourceName = string.Empty;
        Field = string.Empty;
    }

    /// <summary>The source's name in the workflow.</summary>
    public string SourceName { get; }

    /// <summary>The JSON path of the field at fault, e.g. <c>$.sources.news.path</c>.</summary>
    public string Field { get; }
}
