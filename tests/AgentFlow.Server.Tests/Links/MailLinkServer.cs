using System.Net.Http.Json;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Server.Tests.Links;

/// <summary>
/// A <see cref="ServerFixture"/> whose notifications carry approval links (<c>server.publicUrl</c> set to an address
/// behind a pretend proxy), whose links run on a <see cref="FakeTimeProvider"/>, and with two finance approvers that
/// have e-mail addresses (fran, fred) besides the fixture's operators.
/// </summary>
public sealed class MailLinkServer : IAsyncLifetime
{
    /// <summary>The public URL the links start with.</summary>
    public const string PublicUrl = "https://approvals.example.test/af/";

    /// <summary>A map whose items each wait for an approval showing a number, a flag and a list (node path <c>each[i].ok</c>).</summary>
    private const string Batch = """
        { "name": "batch", "inputs": { "items": { "type": "array" } }, "start": "each",
          "nodes": { "each": { "kind": "map", "items": "inputs.items", "as": "x", "do": {
              "start": "ok", "nodes": { "ok": { "kind": "approval", "approvers": ["role:finance"],
                  "show": { "count": "{{ x.count }}", "urgent": "{{ x.urgent }}", "tags": "{{ x.tags }}" } } } } } },
          "output": { "values": "{{ each.items | map: 'values' }}" } }
        """;

    public MailLinkServer()
    {
        Server = new ServerFixture
        {
            Settings = new Dictionary<string, string> { ["server:publicUrl"] = PublicUrl },
            Workflows = new Dictionary<string, string> { ["batch"] = Batch },
            Configure = options => options.Logging = logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddFilter((category, _) => category?.StartsWith("AgentFlow", StringComparison.Ordinal) == true)
                .AddProvider(Logs),
            Services = services => services.AddKeyedSingleton<TimeProvider>(ApprovalLinks.ClockKey, Clock),
        };
    }

    /// <summary>What AgentFlow's own loggers wrote (debug and up).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The server.</summary>
    public ServerFixture Server { get; }

    /// <summary>The links' clock (starts now; tests only move it forward).</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The outbox the notifications are written to.</summary>
    public Outbox Outbox => new(Path.Combine(Server.DataDir, "outbox"));

    /// <summary>The audit log, read from its file.</summary>
    public Task<IReadOnlyList<AuditRecord>> AuditAsync(CancellationToken cancellationToken) =>
        new AuditLog(Server.DataDir, new AuditLogOptions { KeyFile = Path.Combine(Server.Root, "keys", "audit.key") }).ReadAsync(null, cancellationToken);

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        using var admin = Server.Client("root");
        foreach (var name in new[] { "fran", "fred" })
        {
            using var response = await admin.PostAsJsonAsync("/api/operators", new { name, roles = new[] { "finance" }, email = $"{name}@example.com" });
            response.EnsureSuccessStatusCode();
        }
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}
