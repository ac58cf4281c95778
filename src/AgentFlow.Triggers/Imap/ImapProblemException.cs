namespace AgentFlow.Triggers.Imap;

/// <summary>A problem of an IMAP trigger described for people already (a missing password variable, a missing folder).</summary>
internal sealed class ImapProblemException(string message) : Exception(message)
{
}
