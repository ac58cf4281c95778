using System.Text.Json.Nodes;
using AgentFlow.Abstractions.Notifications;
using AgentFlow.Core.Model;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using AgentFlow.Engine.Runs;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Engine.Tests.Approvals.Links;

/// <summary>The notification sink puts a link for each approver into that approver's message, only with a public URL.</summary>
public sealed class ApprovalEventSinkLinkTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    private string Outbox => Path.Combine(_folder.Data, "outbox");

    [Fact]
    public async Task HandleAsync_WithPublicUrl_EachApproverGetsALinkForThemselves()
    {
        var links = await SinkAsync(new Uri("https://flow.example.com/"));

        var bodies = await BodiesAsync();

        Assert.Equal(2, bodies.Count);
        foreach (var (to, name) in new[] { ("fran@example.com", "fran"), ("fred@example.com", "fred") })
        {
            var body = Assert.Single(bodies, b => b.Contains("To: " + to, StringComparison.Ordinal));
            var token = System.Text.RegularExpressions.Regex.Match(body, @"https://flow\.example\.com/approve/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)").Groups[1].Value;
            var check = await links.CheckAsync(token);
            Assert.Equal((ApprovalLinkStatus.Valid, "refund-1", "each[2].ok", name), (check.Status, check.Link!.RunId, check.Link.Node, check.Link.Operator));
        }
    }

    [Fact]
    public async Task HandleAsync_WithoutPublicUrl_MessagesCarryNoLink()
    {
        await SinkAsync(null);

        Assert.All(await BodiesAsync(), b => Assert.DoesNotContain("/approve/", b, StringComparison.Ordinal));
    }

    private async Task<ApprovalLinks> SinkAsync(Uri? publicUrl)
    {
        var audit = _folder.NewLog();
        var operators = new OperatorStore(_folder.Data, audit);
        var (_, root) = await operators.AddAsync("root", ["ops"], null, null);
        foreach (var name in new[] { "fran", "fred" })
        {
            await operators.AddAsync(name, ["finance"], $"{name}@example.com", root);
        }

        var links = new ApprovalLinks(_folder.Data, _folder.Options, new ApprovalLinkOptions { PublicUrl = publicUrl }, _clock);
        var sink = new ApprovalEventSink(audit, operators, new PickupFolderMailSender(Outbox), new NotificationOptions(), links);
        await sink.HandleAsync(new ApprovalEvent(ApprovalEventKind.Waiting, "refund-1", "each[2].ok", [Approver.Parse("role:finance")], new JsonObject { ["amount"] = 3 }, null), CancellationToken.None);
        return links;
    }

    /// <summary>Each message's headers and its base64 parts decoded (the pickup folder writes UTF-8 bodies as base64).</summary>
    private async Task<List<string>> BodiesAsync()
    {
        var bodies = new List<string>();
        foreach (var file in Directory.GetFiles(Outbox, "*.eml"))
        {
            var text = await File.ReadAllTextAsync(file);
            var decoded = System.Text.RegularExpressions.Regex.Replace(text, @"Content-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)", m =>
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal))));
            bodies.Add(decoded);
        }

        return bodies;
    }

    public void Dispose() => _folder.Dispose();
}
