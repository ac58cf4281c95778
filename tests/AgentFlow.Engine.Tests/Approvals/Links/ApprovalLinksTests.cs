using System.Buffers.Text;
using System.Text;
using AgentFlow.Engine.Approvals;
using AgentFlow.Engine.Approvals.Links;
using Microsoft.Extensions.Time.Testing;

namespace AgentFlow.Engine.Tests.Approvals.Links;

/// <summary>Approval link tokens: what they carry, expiry on a fake clock, and refusal of anything altered or foreign.</summary>
public sealed class ApprovalLinksTests : IDisposable
{
    private readonly AuditTestFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    private ApprovalLinks NewLinks(Uri? publicUrl = null, TimeSpan? lifetime = null) =>
        new(_folder.Data, _folder.Options, new ApprovalLinkOptions { PublicUrl = publicUrl, Lifetime = lifetime ?? ApprovalLinkOptions.DefaultLifetime }, _clock);

    [Fact]
    public async Task CheckAsync_IssuedToken_IsValidAndCarriesRunNodePathOperatorAndExpiry()
    {
        var links = NewLinks();
        var token = await links.IssueAsync("refund-1", "each[3].call.review", "bob", _clock.GetUtcNow().AddHours(1));

        var check = await links.CheckAsync(token);

        Assert.Equal(ApprovalLinkStatus.Valid, check.Status);
        Assert.Equal(("refund-1", "each[3].call.review", "bob", _clock.GetUtcNow().AddHours(1)), (check.Link!.RunId, check.Link.Node, check.Link.Operator, check.Link.ExpiresAt));
        Assert.Equal(32, check.Link.Nonce.Length);
    }

    [Fact]
    public async Task IssueAsync_SameValuesTwice_GivesDifferentNonces()
    {
        var links = NewLinks();
        var expires = _clock.GetUtcNow().AddHours(1);

        var first = await links.CheckAsync(await links.IssueAsync("r", "n", "bob", expires));
        var second = await links.CheckAsync(await links.IssueAsync("r", "n", "bob", expires));

        Assert.NotEqual(first.Link!.Nonce, second.Link!.Nonce);
    }

    [Fact]
    public async Task CheckAsync_AfterExpiry_IsExpiredButStillNamesTheLink()
    {
        var links = NewLinks();
        var token = await links.IssueAsync("refund-1", "review", "bob", _clock.GetUtcNow().AddHours(1));

        _clock.Advance(TimeSpan.FromHours(1));
        var check = await links.CheckAsync(token);

        Assert.Equal(ApprovalLinkStatus.Expired, check.Status);
        Assert.Equal("bob", check.Link!.Operator);
    }

    [Fact]
    public async Task CheckAsync_PayloadChangedToAnotherOperator_IsForged()
    {
        var links = NewLinks();
        var token = await links.IssueAsync("refund-1", "review", "bob", _clock.GetUtcNow().AddHours(1));
        var (payload, mac) = (token.Split('.')[0], token.Split('.')[1]);
        var altered = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payload)).Replace("\"bob\"", "\"root\"", StringComparison.Ordinal);

        var check = await links.CheckAsync(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(altered)) + "." + mac);

        Assert.Equal(ApprovalLinkStatus.Forged, check.Status);
        Assert.Null(check.Link);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public async Task CheckAsync_Malformed_IsForged(string token)
    {
        var check = await NewLinks().CheckAsync(token);

        Assert.Equal(ApprovalLinkStatus.Forged, check.Status);
        Assert.Equal(12, check.Fingerprint.Length);
    }

    [Fact]
    public async Task CheckAsync_OneCharacterOfTheMacChanged_IsForged()
    {
        var links = NewLinks();
        var token = await links.IssueAsync("refund-1", "review", "bob", _clock.GetUtcNow().AddHours(1));
        var last = token[^2] == 'A' ? 'B' : 'A';

        var check = await links.CheckAsync(token[..^2] + last + token[^1]);

        Assert.Equal(ApprovalLinkStatus.Forged, check.Status);
    }

    [Fact]
    public async Task CheckAsync_TokenOfAnotherKey_IsForged()
    {
        using var other = new AuditTestFolder();
        var foreign = new ApprovalLinks(other.Data, other.Options, new ApprovalLinkOptions(), _clock);
        var token = await foreign.IssueAsync("refund-1", "review", "bob", _clock.GetUtcNow().AddHours(1));

        var check = await NewLinks().CheckAsync(token);

        Assert.Equal(ApprovalLinkStatus.Forged, check.Status);
    }

    [Fact]
    public async Task CreateAsync_WithoutPublicUrl_GivesNoLink()
    {
        Assert.Null(await NewLinks().CreateAsync("refund-1", "review", "bob", null));
        Assert.False(File.Exists(_folder.KeyFile));
    }

    [Fact]
    public async Task CreateAsync_ApprovalTimesOutSooner_ExpiresWithTheApproval()
    {
        var links = NewLinks(new Uri("https://flow.example.com/base"));
        var until = _clock.GetUtcNow().AddHours(4).UtcDateTime;

        var url = await links.CreateAsync("refund-1", "review", "bob", until);

        Assert.StartsWith("https://flow.example.com/base/approve/", url!.AbsoluteUri, StringComparison.Ordinal);
        var check = await links.CheckAsync(url.AbsoluteUri[(url.AbsoluteUri.LastIndexOf('/') + 1)..]);
        Assert.Equal(new DateTimeOffset(until), check.Link!.ExpiresAt);
    }

    [Fact]
    public async Task CreateAsync_NoTimeout_ExpiresAfterTheLifetime()
    {
        var links = NewLinks(new Uri("https://flow.example.com/"), TimeSpan.FromHours(2));

        var url = await links.CreateAsync("refund-1", "review", "bob", null);

        var check = await links.CheckAsync(url!.Segments[^1]);
        Assert.Equal(_clock.GetUtcNow().AddHours(2), check.Link!.ExpiresAt);
    }

    [Fact]
    public async Task VerifyFormCheckAsync_BoundToTokenAndPageNonce()
    {
        var links = NewLinks();
        var token = await links.IssueAsync("refund-1", "review", "bob", _clock.GetUtcNow().AddHours(1));
        var other = await links.IssueAsync("refund-1", "review", "alice", _clock.GetUtcNow().AddHours(1));
        var check = await links.FormCheckAsync(token, "page-1");

        Assert.True(await links.VerifyFormCheckAsync(token, "page-1", check));
        Assert.False(await links.VerifyFormCheckAsync(token, "page-2", check));
        Assert.False(await links.VerifyFormCheckAsync(other, "page-1", check));
        Assert.False(await links.VerifyFormCheckAsync(token, "page-1", null));
    }

    [Fact]
    public async Task IssueAsync_AuditLogWithoutItsKey_Refuses()
    {
        await _folder.DecisionsAsync(1);
        File.Delete(_folder.KeyFile);

        await Assert.ThrowsAsync<AuditLogException>(() => NewLinks().IssueAsync("r", "n", "bob", _clock.GetUtcNow().AddHours(1)));
    }

    public void Dispose() => _folder.Dispose();
}
