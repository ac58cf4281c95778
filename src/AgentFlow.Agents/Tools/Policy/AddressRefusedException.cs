namespace AgentFlow.Agents.Tools.Policy;

/// <summary>Thrown by <see cref="GuardedConnector"/> when a connection would go to an address the host does not allow.</summary>
internal sealed class AddressRefusedException : IOException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the host, the address and the setting.</summary>
    public AddressRefusedException(string message)
        : base(message)
    {
    }
}
