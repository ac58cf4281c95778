namespace AgentFlow.Core.Model.Triggers;

/// <summary>An attachment of a message, as a trigger mapping reads it: its name and size, never its content.</summary>
/// <param name="Name">The file name ("" when the part names none).</param>
/// <param name="Size">Size of the decoded content in bytes.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/pdf</c>.</param>
public sealed record ImapAttachment(string Name, long Size, string ContentType);
