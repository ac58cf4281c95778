using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>The console on a 375 px phone screen, used with the keyboard only.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class LayoutTests(ConsoleFixture console)
{
    [Fact]
    public async Task NarrowScreen_KeyboardOnly_ApprovalPageFitsWithoutSideScrolling()
    {
        var runId = await ConsolePages.StartRefundAsync(console, 15m);
        var page = await console.NewPageAsync(375, 812);
        await page.GotoAsync($"/console/#/runs/{Uri.EscapeDataString(runId)}");

        // The token field has the focus; Enter signs in and lands on the page asked for.
        await Expect(page.GetByLabel("Operator token")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(console.Server.Tokens["bob"]);
        await page.Keyboard.PressAsync("Enter");
        var link = page.Locator("a[data-approval='approveRefund']");
        await Expect(link).ToBeVisibleAsync();
        await link.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#value-order")).ToBeFocusedAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeEnabledAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the approval page scrolls sideways at 375 px");
        await ConsolePages.ScreenshotAsync(console, page, "console-approval-375");
        await page.GotoAsync("/console/#/runs");
        await Expect(page.Locator($"tr[data-run='{runId}']")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the runs list scrolls sideways at 375 px");
    }
}
