using System.Globalization;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Execution;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Abstractions.Tools;
using AgentFlow.Agents.Llm;
using AgentFlow.Agents.Tools.Policy;
using AgentFlow.Core.Model;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmtpClient = MailKit.Net.Smtp.SmtpClient;

namespace AgentFlow.Agents.Tools;

/// <summary>
/// The <c>email</c> tool kind with an SMTP server (<see cref="SmtpOptions"/>): same args and settings as
/// <see cref="OutboxEmailToolKind"/>; a message with both <c>text</c> and <c>html</c> is sent as multipart/alternative,
/// with the extra <c>headers</c> of the call.
/// The Message-Id and the <c>X-AgentFlow-Key</c> header come from the idempotency key, so a receiver can drop a repeat.
/// Result: <c>{ messageId, to, subject, delivery: "smtp", server }</c>.
/// </summary>
public sealed class SmtpEmailToolKind : IToolKind, IMailSender
{
    private readonly SmtpOptions _options;
    private readonly string _host;
    private readonly ToolPolicy _policy;
    private readonly EndpointProbe _probe;

    /// <summary>
    /// Creates the kind for the server in <paramref name="options"/> (which must have a host), under the host's ceilings
    /// (<see cref="ToolPolicyOptions.EmailAllowDomains"/>; none when null).
    /// </summary>
    public SmtpEmailToolKind(SmtpOptions options, ToolPolicyOptions? policy = null)
    {
        _policy = ToolPolicy.From(policy);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new ArgumentException("SMTP options need a host (smtp.host).", nameof(options));
        }

        _options = options;
        _host = options.Host!;
        _probe = new EndpointProbe(options.ConnectCheckTimeout, TimeSpan.FromMinutes(1));
    }

    /// <inheritdoc />
    public string Kind => "email";

    /// <summary><c>host:port</c>, as results and messages name the server.</summary>
    public string Server => $"{_host}:{_options.EffectivePort.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    public IEnumerable<string> Check(ToolDefinition tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        foreach (var refusal in EmailRequest.Check(tool, _policy))
        {
            yield return refusal;
        }

        var what = $"email tool '{tool.Name}' sends through SMTP server {Server}";
        if (_options.Username is not null && _options.PasswordEnv is null)
        {
            yield return $"{what} as '{_options.Username}', but smtp.passwordEnv is not set: name the environment variable that holds the password";
        }
        else if (_options.PasswordEnv is { } env && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(env)))
        {
            yield return $"{what}, but the environment variable '{env}' named by smtp.passwordEnv is not set: set it to the SMTP password";
        }
        else if (_options.PasswordEnv is not null && _options.Username is null)
        {
            yield return $"{what} with smtp.passwordEnv set but no smtp.username: set the user name to log in with";
        }

        if (_options.Username is not null && _options.Security == SmtpSecurity.None && !_options.AllowInsecureAuth)
        {
            yield return $"smtp.security: {what} as '{_options.Username}' with security none, so the password would cross the network unencrypted: use starttls or ssl (or auto), or set smtp.allowInsecureAuth to true for a server you trust, such as a local test server";
        }
    }

    /// <summary><see cref="Check"/>, then whether the server accepts a TCP connection (within <see cref="SmtpOptions.ConnectCheckTimeout"/>).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(ToolDefinition tool, CancellationToken cancellationToken = default)
    {
        List<string> problems = [.. Check(tool)];
        if (problems.Count == 0 && await _probe.ProblemAsync(_host, _options.EffectivePort, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            problems.Add($"smtp.host: email tool '{tool.Name}' sends through SMTP server {Server}, but {unreachable}");
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        var email = EmailRequest.Read(toolCall, _policy);
        using var message = email.ToMime();
        await DeliverAsync(message, toolCall.Tool.Name, $"email tool '{toolCall.Tool.Name}'", cancellationToken).ConfigureAwait(false);
        var result = email.Result("smtp");
        result["server"] = Server;
        return result;
    }

    /// <summary>Sends a message composed elsewhere (e.g. an approval notification) through the configured server.</summary>
    public async Task SendAsync(System.Net.Mail.MailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = MimeMessage.CreateFromMailMessage(message);
        await DeliverAsync(mime, "smtp", "approval notification", cancellationToken).ConfigureAwait(false);
    }

    private async Task DeliverAsync(MimeMessage message, string passwordFor, string who, CancellationToken cancellationToken)
    {
        var password = Password(passwordFor);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds) };
        var step = SmtpStep.Connect;
        try
        {
            await client.ConnectAsync(_host, _options.EffectivePort, SocketOptions(), cancellationToken).ConfigureAwait(false);
            if (_options.Username is { } user)
            {
                step = SmtpStep.Authenticate;
                await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }

            step = SmtpStep.Send;
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested) && Describe(ex, step) is { } problem)
        {
            throw new NodeExecutionException($"{who}: SMTP server {Server} {problem}");
        }

        await QuitAsync(client, cancellationToken).ConfigureAwait(false);
    }

    // The message was accepted before QUIT: a failing goodbye must not fail the node (a retry would send again).
    private static async Task QuitAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ProtocolException or CommandException or TimeoutException)
        {
        }
    }

    private string Password(string tool)
    {
        if (_options.PasswordEnv is not { } env)
        {
            return string.Empty;
        }

        return Environment.GetEnvironmentVariable(env) is { Length: > 0 } password
            ? password
            : throw new NodeExecutionException($"email tool '{tool}': the environment variable '{env}' named by smtp.passwordEnv is not set; set it to the password for SMTP server {Server}");
    }

    private SecureSocketOptions SocketOptions() => _options.Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    // What went wrong and what to check, in words; null for exceptions that are bugs rather than delivery problems.
    private string? Describe(Exception ex, SmtpStep step) => ex switch
    {
        SocketException s => $"could not be reached ({s.SocketErrorCode}); check smtp.host and smtp.port and that the server is running",
        SslHandshakeException => "failed the TLS handshake; check smtp.security (ssl for port 465, starttls for 587, none for a local relay) and the server's certificate",
        AuthenticationException => $"refused the login of '{_options.Username}'; check smtp.username and the password in the environment variable named by smtp.passwordEnv ('{_options.PasswordEnv}')",
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } c => $"rejected recipient {c.Mailbox?.Address} ({(int)c.StatusCode} {c.Message.Trim()}); check the address in args.to / args.cc",
        SmtpCommandException { ErrorCode: SmtpErrorCode.SenderNotAccepted } c => $"rejected sender {c.Mailbox?.Address} ({(int)c.StatusCode} {c.Message.Trim()}); check the tool's from setting and that smtp.username may send as it",
        SmtpCommandException c => $"rejected the message ({(int)c.StatusCode} {c.Message.Trim()})",
        NotSupportedException when step == SmtpStep.Authenticate => "does not support logging in; remove smtp.username or use smtp.security starttls/ssl",
        NotSupportedException when step == SmtpStep.Connect => $"does not offer STARTTLS; check smtp.security ('{SecurityName}')",
        TimeoutException or OperationCanceledException => $"did not answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; check smtp.host, smtp.port and smtp.security",
        SmtpProtocolException or IOException => $"closed the connection while {StepName(step)} ({ex.Message}); check smtp.port and smtp.security ('{SecurityName}')",
        _ => null,
    };

    private string SecurityName => _options.Security.ToString().ToLowerInvariant();

    private static string StepName(SmtpStep step) => step switch
    {
        SmtpStep.Connect => "connecting",
        SmtpStep.Authenticate => "logging in",
        _ => "sending",
    };

    private enum SmtpStep
    {
        Connect,
        Authenticate,
        Send,
    }
}
