namespace AgentFlow.Core.Templates;

/// <summary>A template or condition that cannot be parsed or evaluated.</summary>
public sealed class TemplateException : AgentFlowException
{
    /// <summary>Creates the exception for <paramref name="template"/>.</summary>
    public TemplateException(string template, string reason)
        : base($"Template '{Shorten(template)}' failed: {reason}")
    {
        Template = template;
        Reason = reason;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public TemplateException(string message)
        : base(message)
    {
        Template = string.Empty;
        Reason = message;
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Template = string.Empty;
        Reason = message;
    }

    /// <summary>Creates an exception with no message.</summary>
    public TemplateException()
    {
        Template = string.Empty;
        Reason = string.Empty;
    }

    /// <summary>The template source.</summary>
    public string Template { get; }

    /// <summary>Why it failed.</summary>
    public string Reason { get; }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
