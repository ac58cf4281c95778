using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using MimeKit;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// The <c>email</c> tool kind without an SMTP server: each message is written as an RFC 5322 <c>.eml</c> file to an
/// outbox folder (by default <c>DATA/outbox</c>), where a person or a mail relay can pick it up. Args: <c>to</c>
/// (address or array), <c>cc</c>, <c>subject</c>, <c>text</c> and/or <c>html</c> (both: multipart/alternative),
/// <c>headers</c> (extra headers such as <c>List-Unsubscribe</c>); settings: <c>from</c>, <c>allowDomains</c>. The
/// Message-Id is derived from the idempotency key and names the file (<c>ID.eml</c>), so a repeat replaces the file
/// instead of adding a second message. The host's <see cref="ToolPolicyOptions.EmailAllowDomains"/> caps <c>allowDomains</c>.
/// </summary>
public sealed class OutboxEmailToolKind(string outboxDirectory, ToolPolicyOptions? policy = null) : IToolKind
{
    private readonly ToolPolicy _policy = ToolPolicy.From(policy);

    /// <inheritdoc />
    public string Kind => "email";

    /// <summary>The folder messages are written to.</summary>
    public string OutboxDirectory { get; } = outboxDirectory;

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return EmailRequest.Check(tool, _policy);
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var email = EmailRequest.Read(toolCall, _policy);
        using var message = email.ToMime();
        var folder = Path.GetFullPath(OutboxDirectory);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, email.MessageId.Trim('<', '>').Split('@')[0] + ".eml");

        // Written under a temporary name and moved, so a relay watching the folder never reads half a message.
        var partial = file + ".partial";
        await message.WriteToAsync(FormatOptions.Default, partial, cancellationToken).ConfigureAwait(false);
        File.Move(partial, file, overwrite: true);

        var result = email.Result("outbox");
        result["outbox"] = folder;
        result["file"] = file;
        return result;
    }
}
