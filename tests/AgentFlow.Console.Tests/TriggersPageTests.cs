using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>The triggers page: what each trigger does next, firing one by hand (the run shows its origin), pausing.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class TriggersPageTests(ConsoleFixture console)
{
    [Fact]
    public async Task Triggers_FireByHand_RunShowsItsTrigger_ThenPauseAndResume()
    {
        var page = await console.SignInAsync("alice");

        await page.GotoAsync("/console/#/triggers");
        var card = page.Locator("li[data-trigger='ticker/yearly']");
        await Expect(card).ToContainTextAsync("schedule");
        await Expect(card).ToContainTextAsync("New Year's report.");
        await Expect(card).ToContainTextAsync("never");
        await card.GetByRole(AriaRole.Button, new() { Name = "Fire now" }).ClickAsync();
        var started = page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^ticker-yearly-manual-") });
        await started.First.ClickAsync();
        await Expect(page.Locator("#run-origin")).ToContainTextAsync("ticker/yearly");
        await Expect(page.Locator("#run-origin")).ToContainTextAsync("manual tick");

        await page.GotoAsync("/console/#/triggers");
        await card.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(card.Locator(".title-row .badge")).ToHaveTextAsync("paused");
        await Expect(card).ToContainTextAsync("by alice");
        await card.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(card.Locator(".title-row .badge")).ToHaveTextAsync("active");
    }

    [Fact]
    public async Task Triggers_Viewer_SeesThemWithoutButtons()
    {
        var page = await console.SignInAsync("vera");

        await page.GotoAsync("/console/#/triggers");

        var card = page.Locator("li[data-trigger='ticker/yearly']");
        await Expect(card).ToContainTextAsync("schedule");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }
}
