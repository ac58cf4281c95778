using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentFlow.Console.Tests;

/// <summary>The pages beside runs and approvals: workflows with their diagnostics and graph, audit, effects, memory.</summary>
[Collection(ConsoleGroup.Name)]
public sealed class PagesTests(ConsoleFixture console)
{
    [Fact]
    public async Task Workflows_ListValidAndInvalid_AndShowDiagnosticsWithTheirLine()
    {
        var page = await console.SignInAsync("vera");

        await page.GotoAsync("/console/#/workflows");
        await Expect(page.Locator("li[data-workflow='refund-approval']")).ToContainTextAsync("valid");
        await Expect(page.Locator("li[data-workflow='broken']")).ToContainTextAsync("invalid");
        await page.Locator("li[data-workflow='broken']").GetByRole(AriaRole.Link, new() { Name = "broken" }).ClickAsync();

        var diagnostic = page.Locator(".diagnostics li").First;
        await Expect(diagnostic).ToContainTextAsync("line 5");
        await Expect(diagnostic).ToContainTextAsync("missing");
    }

    [Fact]
    public async Task WorkflowPage_DrawsEveryNodeOfTheGraph_AndViewersGetNoStartButton()
    {
        var page = await console.SignInAsync("vera");

        await page.GotoAsync("/console/#/workflows/refund-approval");

        await Expect(page.Locator("svg.graph g[data-node]")).ToHaveCountAsync(11);
        await Expect(page.Locator("g[data-node='approveRefund']")).ToHaveAttributeAsync("data-state", "pending");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Start a run" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AuditEffectsAndMemory_Render()
    {
        var page = await console.SignInAsync("root");

        await page.GotoAsync("/console/#/audit");
        await Expect(page.Locator("#audit-verify")).ToHaveAttributeAsync("data-ok", "true");
        await page.GotoAsync("/console/#/effects");
        await Expect(page.Locator("#effects")).ToContainTextAsync("No effect is in doubt");
        await page.GotoAsync("/console/#/memory");
        await page.GetByLabel("Agent").FillAsync("analyst");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show memories" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("agent=analyst"));
        await Expect(page.Locator("#memory-title")).ToHaveTextAsync("What analyst remembers");
        Assert.Empty(console.ErrorsOf(page));
    }
}
