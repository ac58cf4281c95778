using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>Who may do what in the console: a wrong token, an operator who is not an approver, a viewer, a forged request.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class AccessTests(ConsoleFixture console)
{
    [Fact]
    public async Task SignIn_WrongToken_SaysWhyOnThePage()
    {
        var page = await console.NewPageAsync();
        await page.GotoAsync("/console/");

        await page.GetByLabel("Operator token").FillAsync("af_AAAAAAAA_not-a-real-secret");
        await page.GetByLabel("Operator token").PressAsync("Enter");

        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("not valid");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Approval_OperatorWhoIsNotAnApprover_IsRefusedWithAClearMessage()
    {
        var runId = await ConsolePages.StartRefundAsync(console, 20m);
        var dave = await console.SignInAsync("dave");

        await ConsolePages.OpenApprovalAsync(dave, runId);

        await Expect(dave.Locator("#decide-note")).ToContainTextAsync("not among this approval's approvers (role:finance, user:alice)");
        await Expect(dave.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeDisabledAsync();
        await Expect(dave.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToBeDisabledAsync();
        var (status, body) = await ConsolePages.FetchAsync(dave, "POST", $"/api/runs/{runId}/approvals/approveRefund", new { approve = true });
        Assert.Equal(403, status);
        Assert.Contains("not an approver", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_Viewer_CannotDecide_InThePageOrThroughTheApi()
    {
        var runId = await ConsolePages.StartRefundAsync(console, 30m);
        var vera = await console.SignInAsync("vera");

        await ConsolePages.OpenApprovalAsync(vera, runId);

        await Expect(vera.Locator("#decide-note")).ToContainTextAsync("viewers may only read");
        await Expect(vera.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeDisabledAsync();
        await Expect(vera.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToBeDisabledAsync();
        var (status, body) = await ConsolePages.FetchAsync(vera, "POST", $"/api/runs/{runId}/approvals/approveRefund", new { approve = true });
        Assert.Equal(403, status);
        Assert.Contains("viewer", body, StringComparison.Ordinal);

        // Cancelled meanwhile: the open page says the approval no longer waits.
        using var bob = console.Server.Client("bob");
        using var cancelled = await bob.PostAsync($"/api/runs/{runId}/cancel", null);
        cancelled.EnsureSuccessStatusCode();
        await Expect(vera.Locator("#decided-elsewhere")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CookiePost_WithoutCsrfHeader_IsRefused()
    {
        var bob = await console.SignInAsync("bob");

        var (forged, body) = await ConsolePages.FetchAsync(bob, "POST", "/api/runs", new { workflow = "greet", inputs = new { name = "x" } }, withCsrf: false);
        var (genuine, _) = await ConsolePages.FetchAsync(bob, "POST", "/api/runs", new { workflow = "greet", inputs = new { name = "x" } });

        Assert.Equal(403, forged);
        Assert.Contains("X-CSRF-Token", body, StringComparison.Ordinal);
        Assert.Equal(201, genuine);
    }

    [Fact]
    public async Task SignOut_ReturnsToSignIn_AndTheSessionIsGone()
    {
        var alice = await console.SignInAsync("alice");

        await alice.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(alice.GetByLabel("Operator token")).ToBeVisibleAsync();
        var status = await alice.EvaluateAsync<int>("async () => (await fetch('/api/runs')).status");
        Assert.Equal(401, status);
    }
}
