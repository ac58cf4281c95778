using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>workflows/refund-approval from start to payment in the browser: two operators, live updates, an edited amount.</summary>
[Collection(ConsoleGroup.Name)]
public sealed partial class RefundApprovalConsoleTests(ConsoleFixture console)
{
    [Fact]
    public async Task RefundApproval_StartedAndApprovedInTheConsole_CompletesWithTheEditedAmount()
    {
        // Bob starts the refund from the workflow's form and watches it reach the approval.
        await ConsolePages.StartRefundAsync(console, 89m);
        var bob = await console.SignInAsync("bob");
        await bob.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Workflows", Exact = true }).ClickAsync();
        await bob.GetByRole(AriaRole.Link, new() { Name = "Start refund-approval" }).ClickAsync();
        await bob.Locator("#input-order").FillAsync("A-1042");
        await bob.Locator("#input-customer").FillAsync("jane.doe@contoso.example.org");
        await bob.Locator("#input-amount").FillAsync("49.90");
        await bob.Locator("#input-reason").FillAsync("The mouse stopped working after a week");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
        await Expect(bob).ToHaveURLAsync(RunUrl());
        var runId = Uri.UnescapeDataString(RunUrl().Match(bob.Url).Groups[1].Value);
        await Expect(bob.Locator("g[data-node='approveRefund']")).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(bob.Locator("g[data-node='assess']")).ToHaveAttributeAsync("data-state", "completed");
        await ConsolePages.ScreenshotAsync(console, bob, "console-run");

        // Bob approves as the amount was asked; one vote of two.
        await bob.Locator("a[data-approval='approveRefund']").ClickAsync();
        await Expect(bob.Locator("#value-amount")).ToHaveValueAsync("49.9");
        await Expect(bob.Locator("#value-amount")).ToHaveAttributeAsync("type", "number");
        await bob.GetByLabel("Comment").FillAsync("policy ok");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(bob.Locator("#decision-result .success")).ToBeVisibleAsync();
        await bob.Locator("#to-run").ClickAsync();
        await Expect(bob.Locator("#run-status")).ToHaveAttributeAsync("data-status", "waiting");

        // Alice finds it in her inbox, sees Bob's vote, lowers the amount and approves: the run completes.
        var alice = await console.SignInAsync("alice");
        await alice.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var row = alice.Locator($"tr[data-run='{runId}']");
        await Expect(row).ToContainTextAsync("yours");
        await row.GetByRole(AriaRole.Link, new() { Name = "approveRefund" }).ClickAsync();
        await Expect(alice.Locator("#votes")).ToContainTextAsync("bob approved");
        await Expect(alice.Locator("#votes")).ToContainTextAsync("policy ok");
        await Expect(alice.Locator("#time-left")).ToContainTextAsync(" h ");
        await alice.Locator("#value-amount").FillAsync("40");
        await alice.GetByLabel("Comment").FillAsync("partial: the cable was not returned");
        await ConsolePages.ScreenshotAsync(console, alice, "console-approval");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await alice.Locator("#to-run").ClickAsync();
        await Expect(alice.Locator("#run-status")).ToHaveAttributeAsync("data-status", "completed");
        await Expect(alice.Locator("g[data-node='refund']")).ToHaveAttributeAsync("data-state", "completed");
        await Expect(alice.Locator("#run-audit")).ToContainTextAsync("alice");

        // Bob's run page followed it live, without a reload.
        await Expect(bob.Locator("#run-status")).ToHaveAttributeAsync("data-status", "completed");
        await bob.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true }).ClickAsync();
        await Expect(bob.Locator($"tr[data-run='{runId}']")).ToHaveAttributeAsync("data-status", "completed");
        await bob.SetViewportSizeAsync(1280, 560);
        await ConsolePages.ScreenshotAsync(console, bob, "console-runs");

        Assert.Empty(console.ErrorsOf(bob));
        Assert.Empty(console.ErrorsOf(alice));
        using var api = console.Server.Client("bob");
        var run = await api.GetFromJsonAsync<JsonObject>($"/api/runs/{Uri.EscapeDataString(runId)}");
        var refund = run!["timeline"]!.AsArray().Single(r => r!["node"]!.GetValue<string>() == "refund")!;
        Assert.Equal(40, refund["input"]!["args"]?["amount"]?.GetValue<decimal>() ?? refund["input"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("bob, alice", run["output"]!["decidedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunsList_ShowsANewRunLive_AndFiltersByStatus()
    {
        var page = await console.SignInAsync("alice");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-live", "on");

        var runId = await ConsolePages.StartRefundAsync(console, 12.5m);
        using var api = console.Server.Client("bob");
        using var greet = await api.PostAsJsonAsync("/api/runs", new { workflow = "greet", inputs = new { name = "console" } });
        var greetId = (await greet.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!.GetValue<string>();

        await Expect(page.Locator($"tr[data-run='{runId}']")).ToHaveAttributeAsync("data-status", "waiting");
        await Expect(page.Locator($"tr[data-run='{greetId}']")).ToHaveAttributeAsync("data-status", "completed");
        await page.GetByLabel("Status").SelectOptionAsync("completed");
        await Expect(page).ToHaveURLAsync(new Regex("status=completed"));
        await Expect(page.Locator($"tr[data-run='{runId}']")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"#/runs/(refund-approval-[^/?]+)$")]
    private static partial Regex RunUrl();
}
